package store

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

const customerColumns = `c.id, c.kind, c.tax_id, c.name, c.social_name, c.birth_date, c.email, c.phone, c.address,
	c.since, c.updated_at, c.profile`

// profile is the JSON form of a customer's kind-specific part; exactly one field is set.
type profile struct {
	Personal *core.PersonalProfile `json:",omitempty"`
	Business *core.BusinessProfile `json:",omitempty"`
}

type scanner interface{ Scan(dest ...any) error }

func scanCustomer(r scanner) (core.Customer, error) {
	var (
		c                       core.Customer
		kind, address, prof     string
		birth, since, updatedAt int64
	)
	if err := r.Scan(&c.ID, &kind, &c.TaxID, &c.Name, &c.SocialName, &birth, &c.Email, &c.Phone, &address,
		&since, &updatedAt, &prof); err != nil {
		return c, err
	}
	c.Kind = core.CustomerKind(kind)
	c.BirthDate, c.Since, c.UpdatedAt = fromMicros(birth), fromMicros(since), fromMicros(updatedAt)
	if err := decodeJSON(address, &c.Address); err != nil {
		return c, err
	}
	var p profile
	if err := decodeJSON(prof, &p); err != nil {
		return c, err
	}
	c.Personal, c.BusinessProfile = p.Personal, p.Business
	return c, nil
}

// Customer returns one customer by id.
func (s *Store) Customer(ctx context.Context, id string) (core.Customer, error) {
	row, err := s.queryRow(ctx, `SELECT `+customerColumns+` FROM customers c WHERE c.id = $1`, id)
	if err != nil {
		return core.Customer{}, err
	}
	c, err := scanCustomer(row)
	if err != nil {
		return core.Customer{}, notFound(err, "customer", id)
	}
	return c, nil
}

// CustomerByTaxID returns the customer holding a CPF or CNPJ.
func (s *Store) CustomerByTaxID(ctx context.Context, taxID string) (core.Customer, error) {
	row, err := s.queryRow(ctx, `SELECT `+customerColumns+` FROM customers c WHERE c.tax_id = $1`, taxID)
	if err != nil {
		return core.Customer{}, err
	}
	c, err := scanCustomer(row)
	if err != nil {
		return core.Customer{}, notFound(err, "customer with tax id", core.MaskTaxID(taxID))
	}
	return c, nil
}

// CustomersOfUser returns the user's own customer first, then the companies the person represents, by
// id, in one query.
func (s *Store) CustomersOfUser(ctx context.Context, userID string) ([]core.Customer, error) {
	rows, err := s.query(ctx, `
		SELECT 0, `+customerColumns+` FROM users u JOIN customers c ON c.id = u.customer_id WHERE u.id = $1
		UNION ALL
		SELECT 1, `+customerColumns+` FROM users u
			JOIN representatives r ON r.person_id = u.customer_id
			JOIN customers c ON c.id = r.company_id
		WHERE u.id = $1
		ORDER BY 1, 2`, true, userID)
	if err != nil {
		return nil, fmt.Errorf("customers of user %s: %w", userID, err)
	}
	defer rows.Close()
	var out []core.Customer
	for rows.Next() {
		var ord int
		c, err := scanCustomer(prefixed{rows, &ord})
		if err != nil {
			return nil, fmt.Errorf("customers of user %s: %w", userID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("customers of user %s: %w", userID, err)
	}
	if len(out) == 0 {
		return nil, core.Errorf(core.ENOTFOUND, "user %s not found", userID)
	}
	return out, nil
}

// prefixed scans leading extra columns into head before the ones a scan function expects.
type prefixed struct {
	r    scanner
	head any
}

func (p prefixed) Scan(dest ...any) error { return p.r.Scan(append([]any{p.head}, dest...)...) }

const userColumns = `id, login, customer_id, password_hash, totp_secret, disabled`

func scanUser(r scanner) (core.User, error) {
	var u core.User
	err := r.Scan(&u.ID, &u.Login, &u.CustomerID, &u.PasswordHash, &u.TOTPSecret, &u.Disabled)
	return u, err
}

// User returns one login identity by id.
func (s *Store) User(ctx context.Context, id string) (core.User, error) {
	row, err := s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	if err != nil {
		return core.User{}, err
	}
	u, err := scanUser(row)
	if err != nil {
		return core.User{}, notFound(err, "user", id)
	}
	return u, nil
}

// UserByLogin returns the login identity for what the customer types at the login page.
func (s *Store) UserByLogin(ctx context.Context, login string) (core.User, error) {
	row, err := s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE login = $1`, login)
	if err != nil {
		return core.User{}, err
	}
	u, err := scanUser(row)
	if err != nil {
		return core.User{}, notFound(err, "user with login", core.MaskTaxID(login))
	}
	return u, nil
}
