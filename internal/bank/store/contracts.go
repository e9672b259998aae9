package store

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// A contract is read whole — terms, fees, charges, warranties, schedule and releases — so it is one
// JSON document next to the columns it is looked up by.

// validKind reports whether k is one of the contract kinds core defines.
func validKind(k core.ContractKind) bool {
	switch k {
	case core.Loan, core.Financing, core.InvoiceFinancing, core.UnarrangedOverdraft:
		return true
	}
	return false
}

// Contract returns one contract by id.
func (s *Store) Contract(ctx context.Context, id string) (core.Contract, error) {
	row, err := s.queryRow(ctx, `SELECT data FROM contracts WHERE id = $1`, id)
	if err != nil {
		return core.Contract{}, err
	}
	var data string
	if err := row.Scan(&data); err != nil {
		return core.Contract{}, notFound(err, "contract", id)
	}
	var c core.Contract
	if err := decodeJSON(data, &c); err != nil {
		return core.Contract{}, fmt.Errorf("read contract %s: %w", id, err)
	}
	return c, nil
}

// ContractsOfCustomers returns the contracts of one kind held by the given customers, by customer in
// the order of customerIDs and by contract id. An empty kind means every kind.
func (s *Store) ContractsOfCustomers(ctx context.Context, customerIDs []string, kind core.ContractKind) ([]core.Contract, error) {
	if kind != "" && !validKind(kind) {
		return nil, core.Errorf(core.EINVALID, "unknown contract kind %q", kind)
	}
	customerIDs = unique(customerIDs)
	if len(customerIDs) == 0 {
		return nil, nil
	}
	in, args := inList(1, customerIDs)
	q := `SELECT customer_id, data FROM contracts WHERE customer_id IN (` + in + `)`
	if kind != "" {
		args = append(args, string(kind))
		q += fmt.Sprintf(" AND kind = $%d", len(args))
	}
	rows, err := s.query(ctx, q+" ORDER BY id", len(customerIDs) <= maxCachedIn, args...)
	if err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	defer rows.Close()
	byCustomer := map[string][]core.Contract{}
	for rows.Next() {
		var customer, data string
		if err := rows.Scan(&customer, &data); err != nil {
			return nil, fmt.Errorf("read contracts: %w", err)
		}
		var c core.Contract
		if err := decodeJSON(data, &c); err != nil {
			return nil, fmt.Errorf("read contracts: %w", err)
		}
		byCustomer[customer] = append(byCustomer[customer], c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	var out []core.Contract
	for _, id := range customerIDs {
		out = append(out, byCustomer[id]...)
	}
	return out, nil
}
