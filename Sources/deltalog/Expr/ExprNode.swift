/// A parsed expression before its literals are typed against a schema.
indirect enum ExprNode: Equatable {
    case compare(Column, Comparison, Literal)
    case isIn(Column, [Literal], negated: Bool)
    case isNull(Column, negated: Bool)
    case and(ExprNode, ExprNode)
    case or(ExprNode, ExprNode)
    case not(ExprNode)

    struct Column: Equatable {
        let name: String
        let position: Int
    }

    enum Comparison: String, Equatable {
        case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    }

    /// An untyped literal as written; its type comes from the column it is compared with.
    struct Literal: Equatable {
        enum Kind: Equatable {
            case number(String)
            case string(String)
            case boolean(Bool)
            case null
        }

        let kind: Kind
        let position: Int
    }
}
