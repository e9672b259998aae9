package seed

// Brazilian given names and surnames, among the most frequent in IBGE's 2010 census, so generated
// people read like a real bank's customer list.

var femaleNames = []string{
	"Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia",
	"Aline", "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa",
	"Mariana", "Gabriela", "Vera", "Vitória", "Larissa", "Cláudia", "Beatriz", "Rita", "Luana", "Sônia",
	"Renata", "Eliane", "Josefa", "Simone", "Natália", "Cristiane", "Carla", "Débora", "Rosângela",
	"Jaqueline", "Rosa", "Daniela", "Aparecida", "Marlene", "Terezinha", "Raimunda", "Andréia",
	"Fabiana", "Lúcia", "Raquel", "Ângela", "Rafaela", "Joana", "Luzia", "Elaine", "Daniele", "Regina",
	"Sabrina", "Isabela", "Helena", "Alice", "Laura", "Valentina", "Sophia", "Manuela", "Lívia",
	"Cecília", "Heloísa", "Lorena", "Yasmin", "Tatiane", "Priscila", "Thaís", "Kelly", "Michele",
}

var maleNames = []string{
	"José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos",
	"Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo",
	"Rodrigo", "Manoel", "Mateus", "André", "Fernando", "Fábio", "Leonardo", "Gustavo", "Guilherme",
	"Leandro", "Tiago", "Anderson", "Ricardo", "Márcio", "Jorge", "Sebastião", "Alexandre", "Roberto",
	"Edson", "Diego", "Vítor", "Sérgio", "Cláudio", "Matheus", "Thiago", "Geraldo", "Adriano",
	"Luciano", "Júlio", "Renato", "Alex", "Vinícius", "Rogério", "Samuel", "Ronaldo", "Mário",
	"Flávio", "Douglas", "Igor", "Davi", "Arthur", "Bernardo", "Heitor", "Miguel", "Enzo", "Caio",
	"Otávio", "Henrique", "Murilo", "Wellington", "Reginaldo", "Juliano", "Everton", "Wagner",
}

var surnames = []string{
	"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
	"Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
	"Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
	"Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo",
	"Pinto", "Correia", "Cavalcanti", "Monteiro", "Moura", "Batista", "Campos", "Castro", "Azevedo",
	"Barros", "Pires", "Xavier", "Medeiros", "Farias", "Cunha", "Borges", "Brito", "Reis", "Duarte",
	"Miranda", "Peixoto", "Tavares", "Sales", "Fonseca", "Moraes", "Guimarães", "Macedo", "Queiroz",
	"Coelho", "Nogueira", "Bezerra", "Lacerda", "Siqueira", "Magalhães", "Prado", "Franco", "Amaral",
}
