/// Derives catalog identifiers from untrusted text (a domain, a form xmlns, a case type) and remembers
/// which input produced each name, so two different inputs that would share a table are reported instead
/// of silently merged.
///
/// The mapping is deterministic: lower-case ASCII letters and digits are kept, upper-case letters are
/// lowered, every other run of characters becomes one `_`, and leading/trailing `_` are dropped. A result
/// longer than 128 characters keeps its first 119 characters and gets `_` plus 8 hex digits of a hash of
/// the whole input, so long inputs that share a prefix still get different names.
public struct NameSanitizer: Sendable {
    private var origins: [String: String] = [:]

    public init() {}

    /// The identifier for `input`; throws `nameCollision` when an earlier, different input gave the same one.
    public mutating func name(for input: String) throws(MetastoreError) -> String {
        let name = try Self.sanitize(input)
        if let first = origins[name] {
            guard first == input else { throw .nameCollision(name: name, first: first, second: input) }
        } else {
            origins[name] = input
        }
        return name
    }

    /// The identifier for `input` without collision tracking. Throws `invalidName(…, rule: .empty)` when
    /// nothing usable is left (e.g. the input was only punctuation).
    public static func sanitize(_ input: String) throws(MetastoreError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(input.utf8.count, Identifier.maxLength + 1))
        var pendingSeparator = false
        for byte in input.utf8 {
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            if lowered != UInt8(ascii: "_"), Identifier.isAllowed(lowered) {
                if pendingSeparator, !out.isEmpty { out.append(UInt8(ascii: "_")) }
                pendingSeparator = false
                out.append(lowered)
            } else {
                pendingSeparator = true
            }
        }
        guard !out.isEmpty else { throw .invalidName(input, rule: .empty) }
        if out.count > Identifier.maxLength {
            out.removeSubrange((Identifier.maxLength - 9)...)
            out.append(UInt8(ascii: "_"))
            out.append(contentsOf: hexDigits(fnv1a32(input)))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func fnv1a32(_ s: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    private static func hexDigits(_ v: UInt32) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return (0..<8).reversed().map { digits[Int((v >> (UInt32($0) * 4)) & 0xF)] }
    }
}
