package connect

import (
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func TestScopeCacheExpires(t *testing.T) {
	c := newScopeCache(10 * time.Second)
	t0 := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	c.put("u1", &userEntry{customers: []core.Customer{{ID: "c1"}}, at: t0})
	if got, ok := c.get("u1", t0.Add(9*time.Second)); !ok || got.customers[0].ID != "c1" {
		t.Fatalf("within the TTL: %v %v", got, ok)
	}
	if _, ok := c.get("u1", t0.Add(10*time.Second)); ok {
		t.Fatal("served after the TTL")
	}
	if _, ok := c.get("u1", t0.Add(-time.Second)); ok {
		t.Fatal("served when the clock went back")
	}
	if _, ok := c.get("u2", t0); ok {
		t.Fatal("served an unknown user")
	}
	for i := range maxCachedScopes + 1 {
		c.put(string(rune('a'+i%26))+time.Duration(i).String(), &userEntry{at: t0})
	}
	if len(c.m) > maxCachedScopes {
		t.Fatalf("%d entries, bound %d", len(c.m), maxCachedScopes)
	}
}
