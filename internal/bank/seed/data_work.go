package seed

// occupation is a CBO (Classificação Brasileira de Ocupações) code with its title and a typical
// monthly income range in reais.
type occupation struct {
	code, title string
	minIncome   int
	maxIncome   int
}

var occupations = []occupation{
	{"2124-05", "Analista de desenvolvimento de sistemas", 5000, 14000},
	{"2231-48", "Médico clínico", 12000, 30000},
	{"2235-05", "Enfermeiro", 4000, 8000},
	{"2312-10", "Professor de nível fundamental", 3000, 6000},
	{"2344-05", "Professor universitário", 7000, 16000},
	{"2410-05", "Advogado", 5000, 20000},
	{"2522-10", "Contador", 4500, 12000},
	{"2142-05", "Engenheiro civil", 7000, 16000},
	{"2521-05", "Administrador", 4500, 12000},
	{"3222-05", "Técnico de enfermagem", 2200, 3800},
	{"3511-05", "Técnico em contabilidade", 2500, 4500},
	{"4110-10", "Assistente administrativo", 1800, 3500},
	{"4211-25", "Operador de caixa", 1412, 2200},
	{"5211-10", "Vendedor de comércio varejista", 1600, 3500},
	{"5134-05", "Garçom", 1500, 2800},
	{"5132-05", "Cozinheiro geral", 1700, 3200},
	{"7823-05", "Motorista de carro de passeio", 2000, 4500},
	{"7825-10", "Motorista de caminhão", 2800, 5500},
	{"7152-10", "Pedreiro", 2000, 4000},
	{"7241-10", "Encanador", 2000, 3800},
	{"7156-15", "Eletricista de instalações", 2200, 4500},
	{"5143-20", "Faxineiro", 1412, 2000},
	{"5121-05", "Empregado doméstico", 1412, 2000},
	{"2611-25", "Jornalista", 4000, 9000},
	{"2394-25", "Designer gráfico", 3000, 7000},
	{"1414-10", "Comerciante varejista", 3000, 12000},
	{"2232-08", "Cirurgião-dentista", 6000, 18000},
	{"2515-10", "Psicólogo clínico", 3500, 9000},
	{"3171-10", "Programador de sistemas", 3500, 9000},
	{"5101-05", "Supervisor de vendas", 3500, 7000},
}

// business is a kind of company: its CNAE (Classificação Nacional de Atividades Econômicas) code,
// the words its trade names are built from, and a typical annual revenue range in thousands of reais.
type business struct {
	cnae       string
	kinds      []string // "Padaria", "Mercado"…
	minRevenue int      // thousand BRL a year
	maxRevenue int
}

var businesses = []business{
	{"1091-1/02", []string{"Padaria", "Panificadora", "Confeitaria"}, 300, 2500},
	{"4712-1/00", []string{"Mercado", "Mercearia", "Minimercado", "Supermercado"}, 500, 8000},
	{"5611-2/01", []string{"Restaurante", "Cantina", "Churrascaria"}, 400, 4000},
	{"4771-7/01", []string{"Farmácia", "Drogaria"}, 600, 6000},
	{"4781-4/00", []string{"Confecções", "Moda", "Boutique"}, 200, 2000},
	{"4520-0/01", []string{"Auto Center", "Oficina Mecânica", "Mecânica"}, 300, 3000},
	{"9602-5/01", []string{"Salão de Beleza", "Studio", "Barbearia"}, 100, 900},
	{"6201-5/01", []string{"Tecnologia", "Sistemas", "Software"}, 800, 12000},
	{"4744-0/01", []string{"Materiais de Construção", "Depósito", "Casa do Construtor"}, 700, 9000},
	{"8630-5/04", []string{"Clínica Odontológica", "Odonto", "Sorriso"}, 400, 3500},
	{"6911-7/01", []string{"Advocacia", "Advogados Associados"}, 300, 5000},
	{"4930-2/02", []string{"Transportes", "Logística", "Fretes"}, 900, 15000},
	{"8599-6/04", []string{"Escola de Idiomas", "Cursos", "Centro Educacional"}, 300, 3000},
	{"7319-0/02", []string{"Publicidade", "Comunicação", "Marketing"}, 250, 4000},
	{"4751-2/01", []string{"Informática", "Eletrônicos", "Celulares"}, 400, 5000},
}

// businessWords finish a trade name: "Padaria " + "Bom Pão".
var businessWords = []string{
	"Bom Pão", "Estrela", "Primavera", "São Jorge", "Nossa Senhora", "Central", "Boa Esperança",
	"Progresso", "Real", "Brasil", "Imperial", "Horizonte", "Aurora", "Sol Nascente", "Bela Vista",
	"Ipê Amarelo", "Jardim", "Paraíso", "União", "Nova Era", "Vitória", "Monte Sião", "Tropical",
	"Girassol", "Canaã", "Avenida", "Família", "Bom Jesus", "Santa Luzia", "Serra Azul",
}

// legalSuffixes are company-name endings with their share among the bank's business customers.
var legalSuffixes = []string{"LTDA", "LTDA", "LTDA", "LTDA", "ME", "ME", "EIRELI", "S.A."}

// merchant is a fictional payee that statement lines are paid to: utilities, retail, services.
type merchant struct {
	name string
	kind string // bill (paid by boleto), card (paid by card), pix (paid by PIX)
	min  int    // amount range in reais
	max  int
}

var merchants = []merchant{
	{"Companhia Metropolitana de Energia S.A.", "bill", 90, 420},
	{"Águas e Saneamento do Estado S.A.", "bill", 45, 210},
	{"Telefônica Horizonte Telecom S.A.", "bill", 60, 180},
	{"Conecta Fibra Internet LTDA", "bill", 80, 160},
	{"Gás Natural Distribuidora S.A.", "bill", 40, 130},
	{"Condomínio Residencial Jardim das Flores", "bill", 350, 1400},
	{"Imobiliária Pilar Administração de Imóveis LTDA", "bill", 900, 3800},
	{"Colégio Santa Mônica LTDA", "bill", 700, 2500},
	{"Academia Corpo em Forma LTDA", "bill", 90, 190},
	{"Seguradora Amparo S.A.", "bill", 120, 480},
	{"Plano de Saúde Vida Plena S.A.", "bill", 380, 1600},
	{"Supermercado Bom Preço LTDA", "card", 40, 650},
	{"Atacadão Econômico S.A.", "card", 120, 900},
	{"Posto de Combustíveis Rota Sul LTDA", "card", 80, 320},
	{"Drogaria Saúde Total LTDA", "card", 15, 230},
	{"Padaria Pão Dourado LTDA", "card", 8, 60},
	{"Restaurante Sabor Caseiro LTDA", "card", 30, 180},
	{"Lojas Magazine Popular S.A.", "card", 60, 1800},
	{"Livraria Saber LTDA", "card", 35, 260},
	{"Cinema Estação S.A.", "card", 30, 120},
	{"Mobilidade Urbana App LTDA", "card", 12, 70},
	{"Delivery Rápido Plataforma LTDA", "card", 25, 140},
	{"Streaming Plus Serviços Digitais LTDA", "card", 20, 56},
	{"Pet Shop Amigo Fiel ME", "card", 40, 300},
	{"Hortifruti Natureza ME", "pix", 20, 160},
	{"Oficina do Zé Mecânica ME", "pix", 150, 1200},
	{"Salão Beleza Pura ME", "pix", 40, 250},
	{"Feira Livre Barraca do João ME", "pix", 10, 90},
}

// supplierWords name the generated suppliers and clients of business customers.
var supplierWords = []string{
	"Distribuidora", "Comercial", "Indústria", "Atacadista", "Importadora", "Serviços", "Representações",
}

// institution is another bank, as counterparties hold their accounts there: real COMPE codes so
// statement lines look right, since the code identifies only the institution, never a person.
type institution struct{ compe, name string }

var institutions = []institution{
	{"001", "Banco do Brasil S.A."},
	{"237", "Banco Bradesco S.A."},
	{"341", "Itaú Unibanco S.A."},
	{"104", "Caixa Econômica Federal"},
	{"033", "Banco Santander (Brasil) S.A."},
	{"260", "Nu Pagamentos S.A."},
	{"077", "Banco Inter S.A."},
	{"336", "Banco C6 S.A."},
	{"756", "Banco Cooperativo Sicoob S.A."},
	{"748", "Banco Cooperativo Sicredi S.A."},
	{"041", "Banco do Estado do Rio Grande do Sul S.A."},
	{"422", "Banco Safra S.A."},
}
