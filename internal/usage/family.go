package usage

import "strings"

// Family is the API family — the "type of data or service shared" of theme V — of a request path:
// the Open Banking Brasil API name under /open-banking/ (accounts, credit-cards-accounts, loans,
// payments, consents …), and for the Bank Connect and platform endpoints their first path segment
// (accounts, transactions, payments, token, auth …).
func Family(path string) string {
	path = strings.TrimPrefix(path, "/")
	if rest, ok := strings.CutPrefix(path, "open-banking/"); ok {
		path = rest
	}
	seg, _, _ := strings.Cut(path, "/")
	if seg == "" || len(seg) > 40 || strings.ContainsAny(seg, ".%:") {
		return "other"
	}
	return seg
}
