/// A filter or assignment expression that cannot be used, with the 1-based character position of the
/// problem. The description quotes the expression with a caret under that position.
struct ExprError: Error, CustomStringConvertible {
    /// Which option the expression came from (`--where`), for the message.
    var option: String
    let source: String
    /// 1-based character position.
    let position: Int
    let message: String

    var description: String {
        let caret = String(repeating: " ", count: max(0, position - 1)) + "^"
        return "\(option): \(message) at character \(position)\n  \(source)\n  \(caret)"
    }
}
