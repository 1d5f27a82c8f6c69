extension DeltaTable {
    /// Checks the log: every commit from the oldest reconstructable version to the newest is present and
    /// parses, and every checkpoint decodes. Returns the faults found (empty: the log replays). A damaged
    /// checkpoint is reported even though readers survive it by falling back.
    public func verifyLog() -> [VerificationFault] {
        var faults: [VerificationFault] = []
        let listing: LogListing
        do { listing = try LogListing(storage: storage) } catch {
            return [VerificationFault(kind: .badCommit, path: LogPaths.directory, detail: error.description)]
        }
        guard let newest = listing.newest else {
            return [VerificationFault(kind: .badCommit, path: LogPaths.directory, detail: DeltaLogError.notATable(root: location).description)]
        }
        // Without a usable start (commit 0 or a checkpoint followed by every commit), report the gaps from
        // the oldest commit on.
        let oldest = listing.oldestAvailable() ?? (listing.commits.min() ?? newest)
        if listing.oldestAvailable() == nil, oldest > 0, !listing.checkpoints.contains(oldest) {
            faults.append(VerificationFault(kind: .badCommit, path: LogPaths.commit(oldest),
                                            detail: "no checkpoint or commit 0 to start the replay from"))
        }
        var v = oldest
        while v <= newest {
            if listing.commits.contains(v) {
                do { _ = try CommitRecord.read(storage, version: v) } catch {
                    faults.append(VerificationFault(kind: .badCommit, path: LogPaths.commit(v), detail: error.description))
                }
            } else if !listing.checkpoints.contains(v) || v != oldest {
                faults.append(VerificationFault(kind: .badCommit, path: LogPaths.commit(v), detail: DeltaLogError.logGap(missing: v).description))
            }
            v += 1
        }
        for c in listing.checkpoints {
            do { _ = try Checkpoint.read(storage: storage, version: c) } catch {
                // Name the file that was tried: native, classic Parquet, multi-part or V2 checkpoints differ in name.
                let tried = try? Checkpoint.candidates(storage: storage, version: c).first?.files.first?.path
                faults.append(VerificationFault(kind: .badCheckpoint, path: tried ?? LogPaths.checkpoint(c),
                                                detail: error.description))
            }
        }
        return faults
    }
}
