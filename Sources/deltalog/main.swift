print("deltalog: not yet implemented")
