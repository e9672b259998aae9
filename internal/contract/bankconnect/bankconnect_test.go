package bankconnect_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// sharedSpec finds tecban/openapi/obie-api-spec-ais.yaml in shared/ beside or inside an ancestor of
// the working directory (the repository's ../shared, as in CI's clean clone).
func sharedSpec() string {
	dir, _ := os.Getwd()
	for {
		for _, p := range []string{filepath.Join(dir, "..", "shared", "tecban", "openapi", "obie-api-spec-ais.yaml"),
			filepath.Join(dir, "shared", "tecban", "openapi", "obie-api-spec-ais.yaml")} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func TestEmbeddedContractIsTecBans(t *testing.T) {
	p := sharedSpec()
	if p == "" {
		t.Logf("WARNING: shared/tecban/openapi/obie-api-spec-ais.yaml not found; cannot compare the embedded copy")
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bankconnect.AISSpec(), want) {
		t.Fatalf("openapi/obie-api-spec-ais.yaml differs from %s: copy it again", p)
	}
}

func TestServedContract(t *testing.T) {
	b, err := bankconnect.ServedContract()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := bankconnect.LoadContract(b)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Paths.Len() != 46 {
		t.Fatalf("%d paths", doc.Paths.Len())
	}
	for _, p := range bankconnect.ListOperations {
		s := doc.Paths.Value(p).Get.Responses.Value("200").Value.Content.Get("application/json").Schema.Value
		if !s.Type.Is("array") || s.Items == nil {
			t.Fatalf("%s: 200 is not an array", p)
		}
	}
	if doc.Components.Schemas["BRCBBusinessQualification"].Value.Properties["economicActivities"] == nil {
		t.Fatal("economicActivities not declared")
	}
	// Correcting twice changes nothing more.
	if err := bankconnect.Correct(doc); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(doc)
	if !bytes.Equal(again, b) {
		t.Fatal("Correct is not idempotent")
	}
}

func TestPSUIdentifier(t *testing.T) {
	in := bankconnect.PSUIdentifier{UserID: "user-1", CustomerID: "cust-9"}
	out, err := bankconnect.DecodePSUIdentifier(bankconnect.EncodePSUIdentifier(in))
	if err != nil || out != in {
		t.Fatalf("round trip %+v, %v", out, err)
	}
	for name, v := range map[string]string{
		"raw url alphabet": base64.RawURLEncoding.EncodeToString([]byte(`{"userId":"u?>","x":[1]}`)),
		"padded std":       base64.StdEncoding.EncodeToString([]byte(`{"userId":"u?>"}`)),
	} {
		if p, err := bankconnect.DecodePSUIdentifier(v); err != nil || p.UserID != "u?>" {
			t.Fatalf("%s: %+v, %v", name, p, err)
		}
	}
	for name, v := range map[string]string{
		"empty":         "",
		"not base64":    "***",
		"array":         base64.StdEncoding.EncodeToString([]byte(`[]`)),
		"no user":       base64.StdEncoding.EncodeToString([]byte(`{}`)),
		"number user":   base64.StdEncoding.EncodeToString([]byte(`{"userId":7}`)),
		"number cust":   base64.StdEncoding.EncodeToString([]byte(`{"userId":"u","customerId":7}`)),
		"control chars": base64.StdEncoding.EncodeToString([]byte(`{"userId":"a\nb"}`)),
		"too long":      strings.Repeat("A", bankconnect.MaxPSUIdentifierLen+4),
	} {
		if p, err := bankconnect.DecodePSUIdentifier(v); err == nil {
			t.Fatalf("%s: accepted %+v", name, p)
		}
	}
}

func FuzzDecodePSUIdentifier(f *testing.F) {
	f.Add(bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: "u"}))
	f.Add("e30=")
	f.Add("bnVsbA")
	f.Add("eyJ1c2VySWQiOiJhIiwidXNlcklkIjoiYiJ9")
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, v string) {
		p, err := bankconnect.DecodePSUIdentifier(v)
		if err != nil {
			return
		}
		if p.UserID == "" || len(p.UserID) > 256 {
			t.Fatalf("accepted %+v", p)
		}
		again, err := bankconnect.DecodePSUIdentifier(bankconnect.EncodePSUIdentifier(p))
		if err != nil || again != p {
			t.Fatalf("round trip of %+v: %+v, %v", p, again, err)
		}
	})
}

func TestCustomerResponseEmptyData(t *testing.T) {
	b, err := json.Marshal(bankconnect.CustomerResponse{})
	if err != nil || string(b) != `{"data":{},"meta":{}}` {
		t.Fatalf("%s, %v", b, err)
	}
	var r bankconnect.CustomerResponse
	if err := json.Unmarshal(b, &r); err != nil || r.Data != nil {
		t.Fatalf("%+v, %v", r, err)
	}
	full := bankconnect.CustomerResponse{Data: &bankconnect.Customer{ID: "c", Number: "1", CustomerName: "n", CustomerType: "PERSONAL"}}
	b, _ = json.Marshal(full)
	if err := json.Unmarshal(b, &r); err != nil || r.Data == nil || *r.Data != *full.Data {
		t.Fatalf("%s → %+v, %v", b, r, err)
	}
}
