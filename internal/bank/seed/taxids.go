package seed

import (
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// Tax ids are drawn without a lookup table: x ↦ (x·a + b) mod 10ⁿ is a bijection of the n-digit
// numbers whenever a is prime to 10, so distinct indexes always give distinct bases, however many
// customers there are, and the sequence still looks random. Customers use indexes from 0 up and
// outside parties (employers, suppliers, people who send PIX) use indexes from a high offset, so a
// stranger never shares a customer's number. The offset b depends on the seed.

const (
	cpfSpace         = 1_000_000_000 // 9-digit CPF bases
	cpfMultiplier    = 387_420_489   // 3¹⁸
	cnpjSpace        = 100_000_000   // 8-digit CNPJ roots
	cnpjMultiplier   = 14_348_907    // 3¹⁵
	outsiderCPFFrom  = 700_000_000
	outsiderCNPJFrom = 70_000_000
)

// taxIDs hands out CPFs and CNPJs for one seed.
type taxIDs struct {
	cpfOffset, cnpjOffset uint64
	reserved              map[string]bool // fixed numbers (demo users, the bank) never handed out
}

func newTaxIDs(seed int64, reserved ...string) taxIDs {
	h := splitmix(uint64(seed))
	t := taxIDs{cpfOffset: h % cpfSpace, cnpjOffset: splitmix(h) % cnpjSpace, reserved: map[string]bool{}}
	for _, r := range reserved {
		t.reserved[r] = true
	}
	return t
}

// cpf returns the CPF of person index i (customers from 0, outsiders from outsiderCPFFrom).
func (t taxIDs) cpf(i uint64) string {
	for {
		s := core.CompleteCPF(fmt.Sprintf("%09d", (i*cpfMultiplier+t.cpfOffset)%cpfSpace))
		if core.ValidCPF(s) && !t.reserved[s] {
			return s
		}
		// A repeated-digit or reserved number: step into the unused top of the space, which stays
		// disjoint from every index a run can reach.
		i += cpfSpace / 2
	}
}

// cnpj returns the head-office CNPJ (branch 0001) of company index i.
func (t taxIDs) cnpj(i uint64) string {
	for {
		s := core.CompleteCNPJ(fmt.Sprintf("%08d0001", (i*cnpjMultiplier+t.cnpjOffset)%cnpjSpace))
		if core.ValidCNPJ(s) && !t.reserved[s] {
			return s
		}
		i += cnpjSpace / 2
	}
}

// splitmix is SplitMix64's finaliser: it spreads a seed's bits so nearby seeds give unrelated offsets.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
