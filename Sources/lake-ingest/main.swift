// lake-ingest: the CommCare change-feed ingest service. The service itself is built under issue 9;
// until then `demo` proves the toolchain and C libraries work end to end.
import Ingest

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "demo" {
    print("lake-ingest demo: the ingest pipeline is not built yet; see the open issues.")
} else {
    print("usage: lake-ingest demo")
}
