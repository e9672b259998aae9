package connect

import (
	"net/http"
	"net/url"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// psuRule says what an operation needs of o3-psu-identifier.
type psuRule int

const (
	// psuRequired: the call is refused without a PSU (ACC-010-050, ACC-020-040, CUS-010-030 …).
	psuRequired psuRule = iota
	// psuOrAccountIDs: the collections of account objects (transactions, direct debits, scheduled
	// payments, standing orders, beneficiaries) also accept accountIds alone, but only under a consent
	// (o3-consent-id), which the platform has scoped to its accounts; with neither a PSU nor accountIds
	// the call is refused (TXN-020-090, DBT-010-050, FDP-010-050, STO-010-050).
	psuOrAccountIDs
	// psuIgnored: the call is not made for a PSU (GET /products).
	psuIgnored
)

// call is one parsed Bank Connect call, handed to a handler.
type call struct {
	r     *http.Request
	ctx   callContext
	query url.Values
	// accountIDs is the parsed accountIds parameter: nil when absent.
	accountIDs []string
}

// handlerFunc handles a parsed call and returns the response body, or an error for writeError.
type handlerFunc func(c *call) (any, error)

// op turns a handler into an http.Handler that parses and checks the context headers and the query
// string, enforces rule, runs h and encodes its body with 200.
func (s *server) op(rule psuRule, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.parseCall(r, rule)
		if err == nil {
			var body any
			if body, err = h(c); err == nil {
				writeJSON(w, http.StatusOK, body)
				return
			}
		}
		s.writeError(w, r, err)
	})
}

func (s *server) parseCall(r *http.Request, rule psuRule) (*call, error) {
	cc, err := parseContext(r.Header, s.ASPSPID, r.Method)
	if err != nil {
		return nil, err
	}
	q, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	ids, err := parseAccountIDs(q, s.MaxAccountIDs)
	if err != nil {
		return nil, err
	}
	c := &call{r: r, ctx: cc, query: q, accountIDs: ids}
	switch rule {
	case psuRequired:
		if cc.PSU == nil {
			return nil, invalidHeader("%s is required", bankconnect.HeaderPSUIdentifier)
		}
	case psuOrAccountIDs:
		if cc.PSU == nil && ids == nil {
			return nil, invalidHeader("either %s or the accountIds query parameter is required", bankconnect.HeaderPSUIdentifier)
		}
		if cc.PSU == nil && cc.ConsentID == "" {
			return nil, invalidHeader("accountIds without %s is accepted only under a consent (%s)", bankconnect.HeaderPSUIdentifier, bankconnect.HeaderConsentID)
		}
	case psuIgnored:
		c.ctx.PSU = nil
	}
	return c, nil
}
