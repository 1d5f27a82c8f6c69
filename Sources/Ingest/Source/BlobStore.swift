/// Where HQ keeps form bodies. Only the filesystem store exists today; an S3 store implements the same protocol.
public protocol BlobStore {
    /// The blob's bytes, decompressed when `compressed` (HQ gzips blobs that have a `compressed_length`).
    func read(key: String, compressed: Bool) throws(DocumentSourceError) -> [UInt8]
}
