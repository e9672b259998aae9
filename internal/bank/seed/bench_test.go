package seed

import (
	"context"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
)

// BenchmarkGenerate measures generation alone (no store), reporting customers and rows a second.
func BenchmarkGenerate(b *testing.B) {
	var st Stats
	for b.Loop() {
		res, err := Generate(context.Background(), Options{Seed: 1, Customers: 2000, Now: testNow, Hashing: password.Cheap}, nil,
			func(context.Context, core.Batch) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		st = res.Stats
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(st.Customers)/secs, "customers/s")
	b.ReportMetric(float64(st.Rows())/secs, "rows/s")
	b.ReportMetric(float64(st.Transactions)/float64(st.Customers), "tx/customer")
}
