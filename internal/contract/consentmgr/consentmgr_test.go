package consentmgr_test

import (
	"encoding/json"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// step3006 is the GET response of the platform's integration notes (step 3006), trimmed, with an id.
const step3006 = `{"id":"0b5c6c1e-6f4a-4f7e-9d35-0f5d5f2a7a11","consentType":"account-access-consents",
"requestHeaders":{"x-fapi-interaction-id":"a2a87785-b5b7-4f10-858e-cef42875d5f5"},
"request":{"Data":{"Permissions":["ReadAccountsBasic"],"TransactionFromDateTime":"2016-01-01T10:40:00+02:00"},"Risk":{}},
"consentBody":{"Data":{"Permissions":["ReadAccountsBasic"],"TransactionFromDateTime":"2016-01-01T10:40:00+02:00",
"ConsentId":"aac-600493dc-f83c-4ec3-865f-7176302976b8","CreationDateTime":"2021-03-26T14:16:20.829Z",
"Status":"AwaitingAuthorisation","StatusUpdateDateTime":"2021-03-26T14:16:20.829Z"},"Risk":{},
"Links":{"Self":"https://rs1.dev.ozoneapi-br.com/open-banking/v3.1/aisp/account-access-consents/aac-600493dc"},"Meta":{}},
"tpp":{"clientId":"0603ab28-3f68-4ddd-8567-50d9eba73052","tppId":"000015000000000000000001","tppName":"Ozone Financial Technology Limited"},
"psuIdentifiers":{"userId":"76109277673","branch":"0001"},"accountIds":["acc-1"]}`

func TestGetResponseRoundTripKeepsEverything(t *testing.T) {
	var c consentmgr.ConsentGetResponse
	if err := json.Unmarshal([]byte(step3006), &c); err != nil {
		t.Fatal(err)
	}
	d := c.ConsentBody.Data
	if d.ConsentID != "aac-600493dc-f83c-4ec3-865f-7176302976b8" || d.Status != consentmgr.StatusAwaitingAuthorisation ||
		d.CreationDateTime.IsZero() || string(d.Extra["Permissions"]) != `["ReadAccountsBasic"]` {
		t.Errorf("Data %+v", d)
	}
	if string(c.TPP.Extra["tppId"]) != `"000015000000000000000001"` || c.TPP.TPPName == "" {
		t.Errorf("TPP %+v", c.TPP)
	}
	if c.PSUIdentifiers.UserID != "76109277673" || string(c.PSUIdentifiers.Extra["branch"]) != `"0001"` {
		t.Errorf("PSU %+v", c.PSUIdentifiers)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	json.Unmarshal([]byte(step3006), &want)
	json.Unmarshal(out, &got)
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if string(wantJSON) != string(gotJSON) {
		t.Errorf("round trip changed the body:\nwant %s\ngot  %s", wantJSON, gotJSON)
	}
}

func TestPatchRequestUsesTheDottedStatusMember(t *testing.T) {
	b, err := json.Marshal(consentmgr.ConsentPatchRequest{
		PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: "u"}, AccountIDs: []string{"a"}, Status: consentmgr.StatusAuthorised,
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"psuIdentifiers":{"userId":"u"},"accountIds":["a"],"consentBody.Data.Status":"Authorised"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestStatuses(t *testing.T) {
	for _, s := range consentmgr.Statuses {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if consentmgr.Status("Expired").Valid() {
		t.Error("Expired is not a contract status")
	}
	if !consentmgr.TypeDomesticPayment.SingleAccount() || consentmgr.TypeAccountAccess.SingleAccount() {
		t.Error("SingleAccount")
	}
}

// FuzzConsentBody: any JSON object decodes and re-encodes to the same members.
func FuzzConsentBody(f *testing.F) {
	f.Add([]byte(`{"Data":{"ConsentId":"urn:a:b","Status":"Authorised","x":[1,{"y":null}]},"Risk":{},"history":[]}`))
	f.Add([]byte(`{"Data":{"CreationDateTime":"2021-03-26T14:16:20.829Z"},"supplementaryInformation":{"a":"b"}}`))
	f.Add([]byte(`{"Data":"x"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b consentmgr.ConsentBody
		if err := json.Unmarshal(data, &b); err != nil {
			return
		}
		out, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode: %v", data, err)
		}
		var again consentmgr.ConsentBody
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		out2, _ := json.Marshal(again)
		if string(out) != string(out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}
