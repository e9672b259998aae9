package obb

// CreditCardAccount is CreditCardAccountsData (GET /credit-cards-accounts/v1/accounts).
type CreditCardAccount struct {
	CreditCardAccountID   string `json:"creditCardAccountId"`
	BrandName             string `json:"brandName"`
	CompanyCNPJ           string `json:"companyCnpj"`
	Name                  string `json:"name"`
	ProductType           string `json:"productType"`
	ProductAdditionalInfo string `json:"productAdditionalInfo,omitempty"`
	CreditCardNetwork     string `json:"creditCardNetwork"`
	NetworkAdditionalInfo string `json:"networkAdditionalInfo,omitempty"`
}

// CreditCardIdentification is CreditCardsAccountsIdentificationData.
type CreditCardIdentification struct {
	Name                  string              `json:"name"`
	ProductType           string              `json:"productType"`
	ProductAdditionalInfo string              `json:"productAdditionalInfo,omitempty"`
	CreditCardNetwork     string              `json:"creditCardNetwork"`
	NetworkAdditionalInfo string              `json:"networkAdditionalInfo,omitempty"`
	PaymentMethod         []CardPaymentMethod `json:"paymentMethod"`
}

// CardPaymentMethod is CreditCardsAccountPaymentMethod: a card (plastic) of the account.
type CardPaymentMethod struct {
	IdentificationNumber string `json:"identificationNumber"`
	IsMultipleCreditCard bool   `json:"isMultipleCreditCard"`
}

// CreditCardLimit is CreditCardAccountsLimitsData.
type CreditCardLimit struct {
	CreditLineLimitType     string `json:"creditLineLimitType"`
	ConsolidationType       string `json:"consolidationType"`
	IdentificationNumber    string `json:"identificationNumber"`
	LineName                string `json:"lineName,omitempty"`
	IsLimitFlexible         bool   `json:"isLimitFlexible"`
	LimitAmountCurrency     string `json:"limitAmountCurrency"`
	LimitAmount             Number `json:"limitAmount"`
	UsedAmountCurrency      string `json:"usedAmountCurrency"`
	UsedAmount              Number `json:"usedAmount"`
	AvailableAmountCurrency string `json:"availableAmountCurrency"`
	AvailableAmount         Number `json:"availableAmount"`
}

// CreditCardBill is CreditCardAccountsBillsData.
type CreditCardBill struct {
	BillID                    string              `json:"billId"`
	DueDate                   string              `json:"dueDate"`
	BillTotalAmount           Number              `json:"billTotalAmount"`
	BillTotalAmountCurrency   string              `json:"billTotalAmountCurrency"`
	BillMinimumAmount         Number              `json:"billMinimumAmount"`
	BillMinimumAmountCurrency string              `json:"billMinimumAmountCurrency"`
	IsInstalment              bool                `json:"isInstalment"`
	FinanceCharges            []BillFinanceCharge `json:"financeCharges"`
	Payments                  []BillPayment       `json:"payments"`
}

// BillFinanceCharge is CreditCardAccountsBillsFinanceCharge.
type BillFinanceCharge struct {
	Type           string `json:"type"`
	AdditionalInfo string `json:"additionalInfo,omitempty"`
	Amount         Number `json:"amount"`
	Currency       string `json:"currency"`
}

// BillPayment is CreditCardAccountsBillsPayment.
type BillPayment struct {
	ValueType   string `json:"valueType"`
	PaymentDate string `json:"paymentDate"`
	PaymentMode string `json:"paymentMode"`
	Amount      Number `json:"amount"`
	Currency    string `json:"currency"`
}

// CreditCardTransaction is CreditCardAccountsTransaction.
type CreditCardTransaction struct {
	TransactionID               string `json:"transactionId,omitempty"`
	IdentificationNumber        string `json:"identificationNumber"`
	LineName                    string `json:"lineName,omitempty"`
	TransactionName             string `json:"transactionName"`
	BillID                      string `json:"billId,omitempty"`
	CreditDebitType             string `json:"creditDebitType"`
	TransactionType             string `json:"transactionType"`
	TransactionalAdditionalInfo string `json:"transactionalAdditionalInfo"`
	PaymentType                 string `json:"paymentType"`
	FeeType                     string `json:"feeType"`
	FeeTypeAdditionalInfo       string `json:"feeTypeAdditionalInfo"`
	OtherCreditsType            string `json:"otherCreditsType"`
	OtherCreditsAdditionalInfo  string `json:"otherCreditsAdditionalInfo"`
	ChargeIdentificator         string `json:"chargeIdentificator"`
	ChargeNumber                Number `json:"chargeNumber"`
	BrazilianAmount             Number `json:"brazilianAmount"`
	Amount                      Number `json:"amount"`
	Currency                    string `json:"currency"`
	TransactionDate             string `json:"transactionDate"`
	BillPostDate                string `json:"billPostDate"`
	PayeeMCC                    Number `json:"payeeMCC"`
}
