package bot

// commandAliases are, per language, the names people can type for a command in their own
// language, and the names their menu shows. Telegram allows only a-z, 0-9 and _ in a command
// (so no "ñ" or accents: /senales, /leccion). English names keep working in every language,
// so a help text, a habit or a worker's message in either language is always understood.
var commandAliases = map[string]map[string]string{
	"es": {
		"help": "ayuda", "crisis": "crisis", "privacy": "privacidad", "pause": "pausa", "resume": "reanudar",
		"checkin": "registro", "schedule": "horario", "timezone": "zona", "quiet": "silencio",
		"checkins": "registros", "contact": "contacto", "rules": "reglas", "language": "idioma",
		"learn": "aprender", "plan": "plan", "agenda": "agenda", "signs": "senales", "goals": "metas",
		"caseload": "personas", "summary": "resumen", "delete": "borrar", "appointment": "cita",
		"lesson": "leccion", "stop": "baja", "mydata": "misdatos", "invite": "invitar",
		"message": "mensaje", "messages": "mensajes",
	},
}

// commandFor is the command a typed name stands for: itself, or what an alias means.
func commandFor(name string) string {
	for _, aliases := range commandAliases {
		for command, alias := range aliases {
			if alias == name {
				return command
			}
		}
	}
	return name
}

// commandIn is how a command is named to someone reading lang: its alias there, if it has one.
func commandIn(lang, command string) string {
	if alias, ok := commandAliases[lang][command]; ok {
		return alias
	}
	return command
}
