package store

import (
	"strings"
	"testing"
)

func TestRenumber(t *testing.T) {
	tests := []struct {
		q      string
		offset int
		want   string
	}{
		{"VALUES ($1, $2)", 0, "VALUES ($1, $2)"},
		{"VALUES ($1, $2), ($10, $11)", 5, "VALUES ($6, $7), ($15, $16)"},
		{"SET a = a + $1 WHERE b = $3", 12, "SET a = a + $13 WHERE b = $15"},
		{"VALUES (?, ?)", 4, "VALUES (?, ?)"},
		{"WHERE x = '$' AND y = $2", 1, "WHERE x = '$' AND y = $3"},
	}
	for _, tt := range tests {
		var b strings.Builder
		renumber(&b, tt.q, tt.offset)
		if got := b.String(); got != tt.want {
			t.Errorf("renumber(%q, %d) = %q, want %q", tt.q, tt.offset, got, tt.want)
		}
	}
}
