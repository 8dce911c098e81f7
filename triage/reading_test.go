package triage

import "testing"

// contextCase is a message, the tier it must screen as, and a context label it must carry
// ("" for none required).
type contextCase struct {
	text string
	tier Tier
	ctx  string
}

func checkContext(t *testing.T, cases []contextCase) {
	t.Helper()
	s := testScreener()
	for _, tc := range cases {
		r := s.Screen(tc.text)
		if r.Tier != tc.tier {
			t.Errorf("Screen(%q) = %s %v %v, want %s", tc.text, r.Tier, r.Matched, r.Context, tc.tier)
		}
		if tc.ctx != "" && !contains(r.Context, tc.ctx) {
			t.Errorf("Screen(%q) context %v, want %s", tc.text, r.Context, tc.ctx)
		}
	}
}

// TestScreenQuotedSpeech: words in quotation marks handed to someone else are theirs; the
// person's own quoted words, the voices' and a partner's threats are not lowered.
func TestScreenQuotedSpeech(t *testing.T) {
	checkContext(t, []contextCase{
		// Someone else's words about themself: none, with straight, curly and single quotes.
		{`my son said "I want to die" when we turned off the xbox`, TierNone, "reported"},
		{"he said “I want to die” when we switched off the xbox", TierNone, "reported"},
		{"my son shouted 'i want to die' because we took his phone", TierNone, "reported"},
		{`mi hijo dijo "me quiero morir" cuando le apagamos la play`, TierNone, "reported"},
		// A quoted "you" may be a threat aimed at the person: concern, unless it was a joke or
		// was aimed at someone else.
		{"my mum always says 'I'll kill you' when I eat the last biscuit", TierConcern, "reported"},
		{"my brother texted 'i'll kill you' as a joke about fifa", TierNone, "reported"},
		{`my neighbour yelled "i'll kill you" at his dog for chewing the sofa`, TierNone, "reported"},
		{`el vecino le gritó "te voy a matar" al perro por morder el sillón`, TierNone, "reported"},
		{`mi hermano me escribió "te voy a matar" de broma por el fifa`, TierNone, ""}, // the lists' "de broma" idiom lowers it first
		{`someone at school said "kill yourself"`, TierConcern, "reported"},
		{`kids at school said "kys" lol`, TierConcern, "reported"},
		// From a partner or an ex: not lowered.
		{`my boyfriend said "I'll kill you if you leave"`, TierCrisis, ""},
		{`mi novio me dijo "te voy a matar si me dejas"`, TierCrisis, ""},
		// The person's own words, quoted: theirs.
		{`i keep thinking "i want to die" over and over`, TierCrisis, ""},
		{`I told my mum "I want to die"`, TierCrisis, ""},
		{`le dije a mi mamá "me quiero morir"`, TierCrisis, ""},
		{`"i want to die" is all i can think`, TierCrisis, ""},
		// Voices, "they", or no speaker at all: what the person hears, not lowered.
		{`the voice in my head said "jump"`, TierCrisis, ""},
		{`they keep saying "do it, do it, jump" and it's getting harder not to`, TierCrisis, ""},
		{`me dicen "hazlo, hazlo, tírate" y cada vez me cuesta más`, TierCrisis, ""},
		// A "you" far from the match, in another clause, is not a threat to the person.
		{`my daughter screamed "i hate you, i wish i was dead" because i said no`, TierNone, "reported"},
		// A quoted question is a question, unless they said yes; a quoted song is a song.
		{`the nurse asked "do you want to hurt yourself?" and i said no`, TierNone, "reported"},
		{`my therapist asked me "are you suicidal?" i said no not at all`, TierNone, "reported"},
		{`my therapist asked me "are you suicidal?" and i said yes`, TierCrisis, ""},
		{`song lyrics stuck in my head: "i don't wanna live forever"`, TierNone, "media"},
		{`saw the film and now i keep thinking "i want to die"`, TierCrisis, ""},
		// A quote opened and never closed quotes nothing; an apostrophe is not a quote.
		{"my son said 'I want to die", TierCrisis, ""},
		{"my friends' kids say i'm fine but i want to die", TierCrisis, ""},
	})
}

// TestScreenReportedSpeechSpanish: after "dijo que" a "me" is the person, as "he said he'd kill
// me" is in English; someone else's own wish to die is theirs.
func TestScreenReportedSpeechSpanish(t *testing.T) {
	checkContext(t, []contextCase{
		{"dijo que me iba a matar", TierCrisis, ""},
		{"mi hermano dijo que me quiere matar", TierCrisis, ""},
		{"mi novio dijo que me va a matar", TierCrisis, ""},
		{"he said he'd kill me", TierCrisis, ""},
		{"my neighbour said he wants to kill me", TierCrisis, ""},
		{"my friend said she wants to die", TierNone, "reported"},
		{"he told me he wants to die", TierNone, "reported"},
	})
}

// TestScreenDoubtIsNotDenial: "no sé si", "I don't know if" do not lower what follows, and a
// doubt about living reads as saying no to it.
func TestScreenDoubtIsNotDenial(t *testing.T) {
	checkContext(t, []contextCase{
		{"no sé si quiero seguir viviendo", TierCrisis, ""},
		{"no se si quiero vivir", TierCrisis, ""},
		{"no sé si quiero morir", TierCrisis, ""},
		{"I don't know if I want to live", TierCrisis, ""},
		{"i dont know if i want to live anymore", TierCrisis, ""},
		{"I'm not sure I want to be here anymore", TierCrisis, ""},
		{"I don't know if I want to die", TierCrisis, ""},
		// A real negation still lowers.
		{"I don't want to die", TierConcern, "negation"},
		{"no quiero morir", TierConcern, "negation"},
		// Where to live, or anything else, is not about living.
		{"no se si quiero vivir en madrid o en barcelona", TierNone, ""},
		{"i don't know if i want to live in london", TierNone, ""},
		{"i dont know if i want to go to the party", TierNone, ""},
		{"no sé si quiero ir a la fiesta", TierNone, ""},
	})
}

// TestScreenPastAbuseAndRelapse: past abuse disclosed is concern; a relapse sign in the recent
// past is a sign now; a long past relapse with a recovery is none.
func TestScreenPastAbuseAndRelapse(t *testing.T) {
	checkContext(t, []contextCase{
		{"when I was a kid my uncle touched me", TierConcern, "past"},
		// "till now" reads as present, so this first disclosure of past abuse is over-tiered as a
		// crisis: a false alarm on the safe side, noted in BENCHMARKS.md.
		{"I was abused as a child and I've never told anyone till now", TierCrisis, ""},
		{"years ago my ex used to hit me", TierConcern, "past"},
		{"cuando era chica mi padrastro abusaba de mi", TierConcern, "past"},
		{"my ex used to hit me years ago but im safe now", TierNone, "past"},
		{"he hit me again last night", TierCrisis, ""},
		{"stopped my meds last week", TierRelapse, ""},
		{"stopped taking my meds a month ago", TierRelapse, ""},
		{"stopped my meds months ago and the voices are back", TierRelapse, ""},
		{"the voices came back a month ago", TierRelapse, ""},
		{"dejé la medicación hace un mes", TierRelapse, ""},
		{"i stopped my meds years ago and i'm fine now", TierNone, "past"},
	})
}

// TestScreenStoryInEarlierSentence: a film or the past set in one sentence reaches the next
// ones while they stay a story; the person now, in any of them, is never lowered.
func TestScreenStoryInEarlierSentence(t *testing.T) {
	checkContext(t, []contextCase{
		{"watched a movie last night. the main character wants to die and then jumps off a bridge.", TierNone, "media"},
		{"two years ago my brother took an overdose. he took 30 pills and was in hospital.", TierNone, "past"},
		// A past state ("wanted to", "used to") dated and closed by a reassurance is over
		// (session 4; it was kept at concern before).
		{"two years ago things were really bad. wanted to kill myself every day. I'm doing better now", TierNone, "past"},
		// The person's own past told in the first person, with nothing said about now: kept.
		{"two years ago things were really bad. wanted to kill myself every day. therapy helped a lot.", TierCrisis, ""},
		{"two years ago I was in hospital after an overdose. now I'm doing much better", TierNone, "past"},
		// Present risk after the story.
		{"watched a movie last night. the main character wants to die. i want to die too", TierCrisis, ""},
		{"watched a movie last night. made me want to die", TierCrisis, ""},
		{"last year was hard. want to kill myself", TierCrisis, ""},
		{"last year was hard. thinking about killing myself", TierCrisis, ""},
		{"two years ago I took an overdose. I want to die", TierCrisis, ""},
		{"two years ago I was in hospital after an overdose. now I'm doing much better. but tonight I want to die", TierCrisis, ""},
		{"vi una peli anoche. me quiero morir", TierCrisis, ""},
		// A story taken up as the person's own is kept at concern.
		{"watched a movie last night. the main character wants to die. now i feel like that again", TierConcern, "media"},
		{"in the news today a man jumped off the bridge. i keep thinking about doing the same", TierConcern, "media"},
		{`she said "I want to die" and I said me too`, TierConcern, "reported"},
		{`mi amiga dijo "me quiero morir" y yo también`, TierConcern, "reported"},
		{"years ago I tried to kill myself. I feel like that again", TierConcern, "past"},
		// A sentence that is not plainly the story is not lowered: an overdose told in the past
		// tense after a film, a series or a bad year may be today's.
		{"watched a movie last night. took 40 pills after", TierCrisis, ""},
		{"fui a ver a mi hermana y luego vimos una serie. took 30 of my sertraline.", TierCrisis, ""},
		{"last year was hard. took 30 of my sertraline.", TierCrisis, ""},
	})
}

// TestTokenizeQuotes pins which words the tokenizer takes as quoted.
func TestTokenizeQuotes(t *testing.T) {
	for _, tc := range []struct {
		text   string
		quoted string // the quoted words, joined by spaces
	}{
		{`he said "I want to die" and left`, "i want to die"},
		{"he said “I want to die” and left", "i want to die"},
		{"he said 'I'll kill you' and left", "il kil you"},
		{"he said ‘I’ll kill you’ and left", "il kil you"},
		{"dijo «me quiero morir» y se fue", "me quiero morir"},
		{"I'll go, don't wait", ""},
		{"my friends' kids", ""},
		{"he said 'unclosed", ""},
		{"he said \"line\nbreak\" no", ""},
	} {
		var got []string
		for _, tk := range tokenize(tc.text) {
			if tk.quote != 0 {
				got = append(got, tk.norm)
			}
		}
		if j := joinWords(got); j != tc.quoted {
			t.Errorf("tokenize(%q) quoted %q, want %q", tc.text, j, tc.quoted)
		}
	}
}

func joinWords(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// The person's own words are looked up in messages as they are folded ("i've" reaches the
// reader as "ibe"), so the set must be folded the same way, or "she said ive had enough" would
// lose the person and be lowered as someone else's words.
func TestSelfWordsAreFoldedLikeMessages(t *testing.T) {
	for _, w := range []string{"I", "I'm", "I've", "ive", "I'll", "ill", "I'd", "me", "my", "myself", "yo", "estoy", "soy", "tengo"} {
		toks := tokenize(w)
		if len(toks) != 1 || !selfWords[toks[0].norm] {
			t.Errorf("%q (read as %+v) is not one of the person's own words", w, toks)
		}
	}
}
