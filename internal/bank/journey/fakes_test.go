package journey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// fakePlatform stands in for the platform's headless API and consent manager. GET /auth answers
// from the query: consent=<urn> opens an interaction for that consent; outcome=redirect answers 302,
// outcome=bad 400 and outcome=down a platform failure.
type fakePlatform struct {
	mu           sync.Mutex
	consents     map[string]consentmgr.ConsentGetResponse
	interactions map[string]*fakeInteraction
	patches      []patchCall
	confirms     []heimdall.Confirm
	fails        []heimdall.Fail
	consentErr   error // when set, ReadConsent and PatchConsent fail with it
	n            int
	now          func() time.Time
}

type fakeInteraction struct {
	consentID string
	open      bool
}

type patchCall struct {
	id string
	p  consentmgr.ConsentPatchRequest
}

func newFakePlatform(now func() time.Time) *fakePlatform {
	return &fakePlatform{consents: map[string]consentmgr.ConsentGetResponse{}, interactions: map[string]*fakeInteraction{}, now: now}
}

const tppCallback = "https://tpp.example/callback"

func (p *fakePlatform) Auth(_ context.Context, rawQuery string) (tecbanclient.AuthResult, error) {
	q, _ := url.ParseQuery(rawQuery)
	switch q.Get("outcome") {
	case "redirect":
		return tecbanclient.AuthResult{Outcome: tecbanclient.AuthRedirect, Location: tppCallback + "?error=invalid_request&state=" + url.QueryEscape(q.Get("state"))}, nil
	case "bad":
		return tecbanclient.AuthResult{Outcome: tecbanclient.AuthRejected, Rejected: heimdall.AuthErrorResponse{NoRedirect: true, Error: "invalid_client"}}, nil
	case "down":
		return tecbanclient.AuthResult{}, core.Errorf(core.EUNAVAILABLE, "platform answered 503")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	id := fmt.Sprintf("int-%d", p.n)
	p.interactions[id] = &fakeInteraction{consentID: q.Get("consent"), open: true}
	return tecbanclient.AuthResult{Outcome: tecbanclient.AuthStarted, Started: heimdall.AuthSuccessResponse{
		Interaction: heimdall.Interaction{InteractionID: id, Status: "started", Params: heimdall.Params{
			ClientID: "tpp-1", Claims: &heimdall.RequestedClaims{IDToken: map[string]*heimdall.ClaimRequest{
				heimdall.ClaimIntentID: {Value: q.Get("consent"), Essential: true}}}}},
		TPP: heimdall.TPP{ClientID: "tpp-1", TPPName: "Fintech Exemplo"},
	}}, nil
}

func (p *fakePlatform) end(id string) error {
	it := p.interactions[id]
	if it == nil || !it.open {
		return core.Errorf(core.ENOTFOUND, "interaction %s is not open", id)
	}
	it.open = false
	return nil
}

func (p *fakePlatform) DoConfirm(_ context.Context, id string, c heimdall.Confirm) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.end(id); err != nil {
		return "", err
	}
	p.confirms = append(p.confirms, c)
	return tppCallback + "?code=code-" + id + "&state=s1", nil
}

func (p *fakePlatform) DoFail(_ context.Context, id string, f heimdall.Fail) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.end(id); err != nil {
		return "", err
	}
	p.fails = append(p.fails, f)
	return tppCallback + "?error=" + url.QueryEscape(f.Error) + "&state=s1", nil
}

func (p *fakePlatform) ReadConsent(_ context.Context, id string) (consentmgr.ConsentGetResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.consentErr != nil {
		return consentmgr.ConsentGetResponse{}, p.consentErr
	}
	c, ok := p.consents[id]
	if !ok {
		return c, core.Errorf(core.ENOTFOUND, "consent %s not found", id)
	}
	return c, nil
}

func (p *fakePlatform) PatchConsent(_ context.Context, id string, pr consentmgr.ConsentPatchRequest) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.consentErr != nil {
		return p.consentErr
	}
	c, ok := p.consents[id]
	if !ok {
		return core.Errorf(core.ENOTFOUND, "consent %s not found", id)
	}
	p.patches = append(p.patches, patchCall{id, pr})
	body := *c.ConsentBody
	from := body.Data.Status
	if pr.Status != "" {
		allowed := map[consentmgr.Status][]consentmgr.Status{
			consentmgr.StatusAwaitingAuthorisation: {consentmgr.StatusAuthorised, consentmgr.StatusRejected},
			consentmgr.StatusAuthorised:            {consentmgr.StatusRevoked, consentmgr.StatusConsumed},
		}
		if !slices.Contains(allowed[from], pr.Status) {
			return core.Errorf(core.ECONFLICT, "consent %s is %s; it cannot become %s", id, from, pr.Status)
		}
		body.Data.Status = pr.Status
		body.Data.StatusUpdateDateTime = p.now()
	}
	if pr.PSUIdentifiers != nil {
		c.PSUIdentifiers = pr.PSUIdentifiers
	}
	if pr.AccountIDs != nil {
		c.AccountIDs = pr.AccountIDs
	}
	body.History = append(slices.Clone(body.History), consentmgr.HistoryEntry{At: p.now(), By: "bank", From: from, To: body.Data.Status,
		SupplementaryInformation: pr.SupplementaryInformation})
	c.ConsentBody = &body
	p.consents[id] = c
	return nil
}

func (p *fakePlatform) ConsentsOfPSU(_ context.Context, userID string) ([]consentmgr.ConsentGetResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []consentmgr.ConsentGetResponse
	for _, c := range p.consents {
		if c.PSUIdentifiers != nil && c.PSUIdentifiers.UserID == userID {
			out = append(out, c)
		}
	}
	return out, nil
}

func (p *fakePlatform) consent(id string) consentmgr.ConsentGetResponse {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.consents[id]
}

func (p *fakePlatform) lastPatch() patchCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.patches) == 0 {
		return patchCall{}
	}
	return p.patches[len(p.patches)-1]
}

// addConsent stores a consent awaiting authorisation: a data-sharing consent when payment is nil, an
// OBB PIX payment consent otherwise. loggedUser and businessEntity are CPF and CNPJ, "" for none.
func (p *fakePlatform) addConsent(id, loggedUser, businessEntity string, perms []string, payment map[string]any) {
	data := map[string]any{"permissions": perms}
	typ := consentmgr.TypeAccountAccess
	if payment != nil {
		typ = consentmgr.TypeDomesticPayment
		data = map[string]any{"payment": payment, "creditor": map[string]any{"personType": "PESSOA_JURIDICA", "cpfCnpj": "11222333000181", "name": "Loja Exemplo Ltda"}}
	}
	if loggedUser != "" {
		data["loggedUser"] = map[string]any{"document": map[string]any{"identification": loggedUser, "rel": "CPF"}}
	}
	if businessEntity != "" {
		data["businessEntity"] = map[string]any{"document": map[string]any{"identification": businessEntity, "rel": "CNPJ"}}
	}
	extra := map[string]json.RawMessage{}
	for k, v := range data {
		b, _ := json.Marshal(v)
		extra[k] = b
	}
	req, _ := json.Marshal(map[string]any{"data": data})
	now := p.now()
	c := consentmgr.ConsentGetResponse{
		ID: "cm-" + id, ConsentType: typ, Request: req, RequestHeaders: json.RawMessage(`{}`),
		TPP: consentmgr.TPP{ClientID: "tpp-1", TPPName: "Fintech Exemplo"},
		ConsentBody: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ConsentID: id, CreationDateTime: now,
			Status: consentmgr.StatusAwaitingAuthorisation, StatusUpdateDateTime: now, ExpirationDateTime: now.AddDate(1, 0, 0), Extra: extra},
			History: []consentmgr.HistoryEntry{{At: now, By: "tpp", To: consentmgr.StatusAwaitingAuthorisation}}},
	}
	p.mu.Lock()
	p.consents[id] = c
	p.mu.Unlock()
}

// setConsent replaces a stored consent (e.g. to give it a user and a status directly).
func (p *fakePlatform) setConsent(id string, f func(*consentmgr.ConsentGetResponse)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.consents[id]
	body := *c.ConsentBody
	c.ConsentBody = &body
	f(&c)
	p.consents[id] = c
}

// fakeBank holds a few customers, users, accounts and contracts.
type fakeBank struct {
	users     []core.User
	customers []core.Customer
	accounts  []core.Account
	contracts []core.Contract
}

func (b *fakeBank) User(_ context.Context, id string) (core.User, error) {
	for _, u := range b.users {
		if u.ID == id {
			return u, nil
		}
	}
	return core.User{}, core.Errorf(core.ENOTFOUND, "user %s", id)
}

func (b *fakeBank) UserByLogin(_ context.Context, login string) (core.User, error) {
	for _, u := range b.users {
		if u.Login == login {
			return u, nil
		}
	}
	return core.User{}, core.Errorf(core.ENOTFOUND, "user %s", login)
}

func (b *fakeBank) Customer(_ context.Context, id string) (core.Customer, error) {
	for _, c := range b.customers {
		if c.ID == id {
			return c, nil
		}
	}
	return core.Customer{}, core.Errorf(core.ENOTFOUND, "customer %s", id)
}

func (b *fakeBank) CustomerByTaxID(_ context.Context, taxID string) (core.Customer, error) {
	for _, c := range b.customers {
		if c.TaxID == taxID {
			return c, nil
		}
	}
	return core.Customer{}, core.Errorf(core.ENOTFOUND, "customer %s", taxID)
}

func (b *fakeBank) CustomersOfUser(ctx context.Context, userID string) ([]core.Customer, error) {
	u, err := b.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	own, _ := b.Customer(ctx, u.CustomerID)
	out := []core.Customer{own}
	for _, c := range b.customers {
		if c.BusinessProfile == nil {
			continue
		}
		for _, r := range c.BusinessProfile.Representatives {
			if r.CustomerID == u.CustomerID {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

func (b *fakeBank) Account(_ context.Context, id string) (core.Account, error) {
	for _, a := range b.accounts {
		if a.ID == id {
			return a, nil
		}
	}
	return core.Account{}, core.Errorf(core.ENOTFOUND, "account %s", id)
}

func (b *fakeBank) Accounts(ctx context.Context, ids []string) ([]core.Account, error) {
	var out []core.Account
	for _, id := range ids {
		if a, err := b.Account(ctx, id); err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

func (b *fakeBank) AccountsOfCustomers(_ context.Context, ids []string) ([]core.Account, error) {
	var out []core.Account
	for _, a := range b.accounts {
		if slices.Contains(ids, a.CustomerID) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (b *fakeBank) Balances(context.Context, []string) ([]core.Balance, error) { return nil, nil }

func (b *fakeBank) Contract(_ context.Context, id string) (core.Contract, error) {
	for _, c := range b.contracts {
		if c.ID == id {
			return c, nil
		}
	}
	return core.Contract{}, core.Errorf(core.ENOTFOUND, "contract %s", id)
}

func (b *fakeBank) ContractsOfCustomers(_ context.Context, ids []string, kind core.ContractKind) ([]core.Contract, error) {
	var out []core.Contract
	for _, c := range b.contracts {
		if slices.Contains(ids, c.CustomerID) && c.Kind == kind {
			out = append(out, c)
		}
	}
	return out, nil
}
