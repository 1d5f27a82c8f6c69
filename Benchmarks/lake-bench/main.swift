print("lake-bench: not yet implemented")
