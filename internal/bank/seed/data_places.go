package seed

// city is a Brazilian municipality with its IBGE code, state, telephone area code (DDD) and the
// first three digits of its CEP range, so an address's town, code, UF, CEP and phone agree.
type city struct {
	name, ibge, uf, ddd, cep3 string
	weight                    int // rough share of the bank's customers
}

var cities = []city{
	{"São Paulo", "3550308", "SP", "11", "014", 20},
	{"Rio de Janeiro", "3304557", "RJ", "21", "220", 10},
	{"Belo Horizonte", "3106200", "MG", "31", "301", 6},
	{"Brasília", "5300108", "DF", "61", "700", 5},
	{"Salvador", "2927408", "BA", "71", "401", 5},
	{"Fortaleza", "2304400", "CE", "85", "600", 5},
	{"Curitiba", "4106902", "PR", "41", "800", 5},
	{"Recife", "2611606", "PE", "81", "500", 4},
	{"Porto Alegre", "4314902", "RS", "51", "900", 4},
	{"Manaus", "1302603", "AM", "92", "690", 3},
	{"Belém", "1501402", "PA", "91", "660", 3},
	{"Goiânia", "5208707", "GO", "62", "740", 3},
	{"Campinas", "3509502", "SP", "19", "130", 3},
	{"Florianópolis", "4205407", "SC", "48", "880", 2},
	{"Vitória", "3205309", "ES", "27", "290", 2},
	{"São Luís", "2111300", "MA", "98", "650", 2},
	{"Natal", "2408102", "RN", "84", "590", 2},
	{"João Pessoa", "2507507", "PB", "83", "580", 2},
	{"Maceió", "2704302", "AL", "82", "570", 2},
	{"Teresina", "2211001", "PI", "86", "640", 2},
	{"Campo Grande", "5002704", "MS", "67", "790", 2},
	{"Cuiabá", "5103403", "MT", "65", "780", 2},
	{"Ribeirão Preto", "3543402", "SP", "16", "140", 2},
	{"Santos", "3548500", "SP", "13", "110", 2},
	{"Londrina", "4113700", "PR", "43", "860", 1},
	{"Joinville", "4209102", "SC", "47", "892", 1},
	{"Uberlândia", "3170206", "MG", "34", "384", 1},
	{"Juiz de Fora", "3136702", "MG", "32", "360", 1},
	{"Aracaju", "2800308", "SE", "79", "490", 1},
	{"Porto Velho", "1100205", "RO", "69", "768", 1},
}

var streetKinds = []string{"Rua", "Rua", "Rua", "Avenida", "Avenida", "Travessa", "Alameda", "Praça"}

var streetNames = []string{
	"das Flores", "Sete de Setembro", "XV de Novembro", "Tiradentes", "Dom Pedro II", "Barão do Rio Branco",
	"Marechal Deodoro", "Getúlio Vargas", "Santos Dumont", "Rui Barbosa", "José Bonifácio", "Duque de Caxias",
	"Floriano Peixoto", "Princesa Isabel", "das Palmeiras", "dos Andradas", "São João", "Independência",
	"Brasil", "Paraná", "Bahia", "Amazonas", "Goiás", "Pernambuco", "Castro Alves", "Machado de Assis",
	"Monteiro Lobato", "Carlos Gomes", "Presidente Vargas", "Visconde de Mauá", "das Acácias", "dos Ipês",
	"Quintino Bocaiúva", "Benjamin Constant", "Coronel Fagundes", "Joaquim Nabuco", "Anita Garibaldi",
	"Padre Anchieta", "Santa Catarina", "Minas Gerais", "Treze de Maio", "Primeiro de Maio",
}

var districts = []string{
	"Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cruz", "São José", "Jardim Europa",
	"Vila Mariana", "Bela Vista", "Liberdade", "Cidade Nova", "Jardim Paulista", "Alto da Boa Vista",
	"Santo Antônio", "Planalto", "Vila Industrial", "Parque das Nações", "Jardim das Oliveiras",
	"Nossa Senhora Aparecida", "Morada do Sol", "Cidade Jardim", "Vila Esperança", "Campo Belo",
}

var complements = []string{"", "", "", "", "Apto 12", "Apto 101", "Apto 304", "Casa 2", "Bloco B Apto 21", "Sala 5", "Fundos"}

var emailDomains = []string{"gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br", "uol.com.br", "bol.com.br", "terra.com.br"}
