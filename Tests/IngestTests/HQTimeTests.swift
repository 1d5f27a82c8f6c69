import Testing
@testable import Ingest

@Suite struct HQTimeTests {
    @Test func parsesHQFormats() {
        #expect(HQTime.parse("1970-01-01") == .date(0))
        #expect(HQTime.parse("2021-01-27") == .date(18654))
        #expect(HQTime.parse("2021-03-01T10:14:02.118000Z") == .timestamp(1_614_593_642_118_000))
        #expect(HQTime.parse("2021-03-01T10:14:02Z") == .timestamp(1_614_593_642_000_000))
        #expect(HQTime.parse("2021-03-01T10:14:02.118") == .timestamp(1_614_593_642_118_000))
        #expect(HQTime.parse("2021-03-01 10:14:02.118+00") == .timestamp(1_614_593_642_118_000))
        #expect(HQTime.parse("2013-03-09T06:30:09.007+03") == HQTime.parse("2013-03-09T03:30:09.007Z"))
        #expect(HQTime.parse("2013-03-09T06:30:09.007-05:30") == HQTime.parse("2013-03-09T12:00:09.007Z"))
        #expect(HQTime.parse("2013-03-09T06:30:09.123456789Z") == HQTime.parse("2013-03-09T06:30:09.123456Z"))
        #expect(HQTime.parse("2013-03-09T06:30") == HQTime.parse("2013-03-09T06:30:00Z"))
        #expect(HQTime.parse("1969-12-31T23:59:59.999999Z") == .timestamp(-1))
    }

    @Test func rejectsNonDates() {
        for s in ["", "2021", "2021-02-30", "2021-13-01", "2021-1-01", "2021-01-01T25:00", "2021-01-01T10:00:00.Z",
                  "2021-01-01T10:00:00+", "2021-01-01X", "hello world", "2021-01-01T10:00:00Zjunk", "0123456789"] {
            #expect(HQTime.parse(s) == nil, "\(s)")
        }
        #expect(HQTime.parse("2024-02-29") != nil)
        #expect(HQTime.parse("2023-02-29") == nil)
    }

    @Test func formatsAndRoundTrips() {
        #expect(HQTime.formatDate(18654) == "2021-01-27")
        #expect(HQTime.formatTimestamp(1_614_593_642_118_000) == "2021-03-01T10:14:02.118000Z")
        #expect(HQTime.formatTimestamp(-1) == "1969-12-31T23:59:59.999999Z")
        for day in stride(from: Int32(-719_000), through: 2_900_000, by: 997) {
            #expect(HQTime.parse(HQTime.formatDate(day)) == .date(day))
        }
        #expect(HQTime.firstOfMonth(18654) == 18628)
        #expect(HQTime.formatDate(HQTime.firstOfMonth(HQTime.Parsed.timestamp(1_614_593_642_118_000).day)) == "2021-03-01")
    }
}
