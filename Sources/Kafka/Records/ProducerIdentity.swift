/// The identity an idempotent producer stamps on its record batches: the id and epoch the cluster handed
/// out (InitProducerId) and, per partition, the sequence number of the batch's first record.
public struct ProducerIdentity: Sendable, Hashable {
    public var producerID: Int64
    public var epoch: Int16

    public init(producerID: Int64, epoch: Int16) {
        self.producerID = producerID
        self.epoch = epoch
    }

    /// The sequence that follows `count` records starting at `sequence`; sequences wrap from Int32.max to 0.
    public static func sequence(after sequence: Int32, count: Int) -> Int32 {
        Int32(truncatingIfNeeded: (Int64(sequence) + Int64(count)) % (Int64(Int32.max) + 1))
    }
}
