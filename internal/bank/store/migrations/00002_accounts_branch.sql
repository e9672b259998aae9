-- Finding an account by branch and number (creditor accounts held at this bank, debtorAccount checks in
-- payment-consent validation) must not scan every account.
-- +goose Up
CREATE INDEX accounts_branch ON accounts (branch_code, check_digit);

-- +goose Down
DROP INDEX accounts_branch;
