package triage

import "testing"

// TestScreenNegationScope: a negation reaches through the words that carry it and stops at
// what ends it; a meant denial is none, an intention or a wish denied stays concern, and a
// present risk next to a negation is not lowered.
func TestScreenNegationScope(t *testing.T) {
	checkContext(t, []contextCase{
		// Categorical, about a thought, reassured, or a deed not done: none.
		{"no way id ever take all my pills, i know what it would do to my mum", TierNone, "negation"},
		{"i'm not, like, suicidal or anything, just bored out of my mind", TierNone, "negation"},
		{"zero urge to cut today which is a win", TierNone, "negation"},
		{"i dont have any plans to end my life", TierNone, "negation"},
		{"not thinking about suicide at all, stop asking lol", TierNone, "negation"},
		{"havent self harmed since i was 18", TierNone, "negation"},
		{"didnt self harm today 💪", TierNone, "negation"},
		{"ni en sueños me mato, amo a mi familia", TierNone, ""},
		{"no tengo ninguna intencion de hacerme daño", TierNone, "negation"},
		{"cero ganas de hacerme daño, todo bien", TierNone, "negation"},
		// An intention or a wish denied plainly: concern.
		{"I'm not going to kill myself", TierConcern, "negation"},
		{"no me quiero morir, solo quiero que esto pare", TierConcern, "negation"},
		// What ends a negation's reach: not lowered.
		{"im not ok i want to die", TierCrisis, ""},
		{"i dont care i want to die", TierCrisis, ""},
		{"no i want to die", TierCrisis, ""},
		{"im not gonna stop cutting", TierCrisis, ""},
		{"i didnt cut deep this time", TierCrisis, ""},
		{"no me corté tanto esta vez", TierCrisis, ""},
		{"i can't not hurt myself", TierCrisis, ""},
		{"i never wanted to die until now", TierCrisis, ""},
		{"i have not stopped thinking about killing myself", TierCrisis, ""},
		{"no paro de pensar en suicidarme", TierCrisis, ""},
		{"im not, i want to die", TierCrisis, ""},
		{"creo que me están envenenando la comida", TierRelapse, ""}, // "creo" is not "cero"
	})
}

// TestScreenPastScope: a past in another clause reaches a past state; a streak dates nothing
// else, and a time of now reopens the past.
func TestScreenPastScope(t *testing.T) {
	checkContext(t, []contextCase{
		{"i was suicidal after the divorce but thats long gone", TierNone, "past"},
		{"me cortaba de chica, hace mucho que no lo hago", TierNone, "past"},
		{"back in 2015 i cut myself a lot, not anymore", TierNone, "past"},
		{"i overdosed at 19, im 34 now and doing ok", TierNone, "past"},
		{"the voices used to tell me to hurt people, quiet since the clozapine", TierNone, "past"},
		{"en el 2016 me tomé un frasco de pastillas", TierNone, "past"},
		{"after 5 years clean i relapsed and cut last night", TierCrisis, ""},
		{"me corté ayer después de años sin hacerlo", TierCrisis, ""},
		{"i was 2 years clean but i cut again last night", TierCrisis, ""},
		{"one year self harm free today!!! 🎉", TierNone, ""},
		{"my mum died last year and i took an overdose", TierCrisis, ""},
		{"back in 2019 i was depressed and i tried to kill myself, im fine now", TierNone, "past"},
	})
}

// TestScreenSomeoneElse: someone else as the subject of a death, a harm or an overdose is
// reported; the person as subject or object, a partner's threat, abuse and the voice are not.
func TestScreenSomeoneElse(t *testing.T) {
	checkContext(t, []contextCase{
		{"the lad in the next flat keeps saying he'll kill himself, staff know", TierNone, "reported"},
		{"my best mate took an overdose on saturday, hes in icu", TierNone, "reported"},
		{"my friend told me he took an overdose", TierNone, "reported"},
		{"mi primo overdosed last night, hes in hospital now", TierNone, "reported"},
		{"mi vecina intentó suicidarse la semana pasada", TierNone, "reported"},
		{"my mum keeps saying she wants to die", TierNone, "reported"},
		{"my friend said she wanted to die and honestly so do i", TierConcern, "reported"},
		{"my dad says he will kill me", TierCrisis, ""},
		{"mi padrastro me pega cuando toma", TierCrisis, ""},
		{"he doesn't really ask before sex, he just does it", TierCrisis, ""},
		{"he keeps whispering jump", TierCrisis, ""},
		{"soon it'll be quiet forever", TierCrisis, ""}, // "soon" folds to "son"
		{"see you never", TierCrisis, ""},               // "see" folds to "se"
		{"the voices told me to jump", TierCrisis, ""},  // "me to" is not "me too"
	})
}
