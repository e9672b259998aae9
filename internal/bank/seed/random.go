package seed

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// rng wraps a PCG generator with the draws the seed needs. Probabilities are whole percentages and
// amounts whole centavos, so no float ever reaches the data.
type rng struct{ *rand.Rand }

func newRNG(seed int64, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(uint64(seed), stream))}
}

// between returns an int in [lo, hi].
func (r rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// percent reports true p times in a hundred.
func (r rng) percent(p int) bool { return r.IntN(100) < p }

// reais returns an amount between lo and hi reais, in whole centavos.
func (r rng) reais(lo, hi int) core.Money {
	return core.Money(r.between(lo*100, hi*100))
}

// digits returns n random decimal digits.
func (r rng) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// at returns a moment on day d of the month of m (clamped to the month's length) during opening
// hours, in the bank's time zone.
func (r rng) at(m time.Time, day int) time.Time {
	last := time.Date(m.Year(), m.Month()+1, 0, 0, 0, 0, 0, brt).Day()
	day = min(max(day, 1), last)
	return time.Date(m.Year(), m.Month(), day, r.between(7, 21), r.IntN(60), r.IntN(60), 0, brt)
}

func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// pickWeighted picks a city by its weight.
func pickCity(r rng) int {
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	n := r.IntN(total)
	for i, c := range cities {
		if n < c.weight {
			return i
		}
		n -= c.weight
	}
	return 0
}

// ascii lowercases s and strips Portuguese accents, for e-mail addresses and slugs.
func ascii(s string) string { return strings.ToLower(accents.Replace(s)) }

var accents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ã", "a", "é", "e", "ê", "e", "í", "i", "ó", "o", "ô", "o", "õ", "o",
	"ú", "u", "ü", "u", "ç", "c", "Á", "a", "Â", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ç", "c",
)

// upperASCII is how statement descriptions are printed: capitals without accents.
func upperASCII(s string) string { return strings.ToUpper(ascii(s)) }
