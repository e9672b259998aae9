package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"time"
)

var funcs = template.FuncMap{
	// ms formats a step's latency.
	"ms": func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) },
	// field reads a member of a generic JSON object.
	"field": func(m map[string]any, k string) string {
		if m == nil || m[k] == nil {
			return ""
		}
		switch v := m[k].(type) {
		case string:
			return v
		case json.Number:
			return v.String()
		default:
			b, _ := json.Marshal(v)
			return string(b)
		}
	},
	// keys lists an object's members in order, for tables of generic JSON.
	"keys": func(v any) []string {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	},
	// accountType names the OBB account types (fase2 EnumAccountType) as the customer knows them.
	"accountType": func(t string) string {
		switch t {
		case "CONTA_DEPOSITO_A_VISTA":
			return "Conta corrente"
		case "CONTA_POUPANCA":
			return "Conta poupança"
		case "CONTA_PAGAMENTO_PRE_PAGA":
			return "Conta de pagamento pré-paga"
		}
		return t
	},
	"obj": func(v any) map[string]any { m, _ := v.(map[string]any); return m },
}
