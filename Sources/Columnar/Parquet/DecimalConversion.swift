/// Parquet DECIMAL values (unscaled integer × 10^-scale) as the nearest `Double`, correctly rounded: exact
/// operands are divided directly, anything wider goes through the decimal text, which the standard
/// library's parser rounds correctly.
enum DecimalConversion {
    static func double(unscaled: Int64, scale: Int32) -> Double {
        if unscaled.magnitude <= 1 << 53 && (0...22).contains(scale) {
            return Double(unscaled) / exactPowersOfTen[Int(scale)]
        }
        return Double("\(unscaled)e\(-Int(scale))") ?? .nan
    }

    /// A big-endian two's complement integer of any length.
    static func double(bigEndian bytes: UnsafeRawBufferPointer, scale: Int32) -> Double {
        guard let first = bytes.first else { return 0 }
        if bytes.count <= 8 {
            var v = Int64(Int8(bitPattern: first))
            for b in bytes.dropFirst() { v = v << 8 | Int64(b) }
            return double(unscaled: v, scale: scale)
        }
        let negative = first & 0x80 != 0
        var magnitude = [UInt8](bytes)
        if negative {
            // Two's complement negation: invert, then add one.
            var carry = 1
            for i in magnitude.indices.reversed() {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(truncatingIfNeeded: v)
                carry = v >> 8
            }
        }
        var digits: [UInt8] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in magnitude.indices {
                let v = remainder << 8 | Int(magnitude[i])
                magnitude[i] = UInt8(v / 10)
                remainder = v % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
        }
        if digits.isEmpty { return 0 }
        let text = (negative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self) + "e\(-Int(scale))"
        return Double(text) ?? .nan
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
