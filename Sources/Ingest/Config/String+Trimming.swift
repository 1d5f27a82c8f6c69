/// Leading and trailing spaces removed (for values given on the command line or in the environment).
extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
