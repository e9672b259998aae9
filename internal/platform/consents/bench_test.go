package consents_test

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"
)

// BenchmarkGetConsent measures GET /consents/{consentId} over mutual TLS with keep-alive on loopback,
// from parallel clients, on SQLite. `ifconnect bench consents` is the load test with percentiles.
func BenchmarkGetConsent(b *testing.B) {
	e := newEnv(b, sqliteURL(b))
	var ids []string
	for range 200 {
		c := e.create(accountAccessRequest(0))
		e.authorise(c.ID, "u", "acc-1", "acc-2")
		ids = append(ids, c.ID, c.ConsentBody.Data.ConsentID)
	}
	// Enough idle connections for every parallel client, so each keeps its connection alive.
	tr := &http.Transport{TLSClientConfig: e.pki.ClientConfig(e.bank), MaxIdleConnsPerHost: 64}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	var n atomic.Uint64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Get(e.base + "/consents/" + ids[n.Add(1)%uint64(len(ids))])
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
}
