package triage

import (
	"slices"
	"testing"
)

// TestPlanLines: a crisis plan's line said in a message is read as what helps, by its shape;
// the same words as what the person will do, or with help that failed, stay a disclosure.
func TestPlanLines(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text string
		want Tier
	}{
		// A condition with the risk inside it, and what helps after it.
		{"when i get the urge to cut i hold ice and text my sister", TierNone},
		{"whenever i want to hurt myself i go sit with mum in the kitchen", TierNone},
		{"if i start making a plan to kill myself i go to a&e and tell them", TierNone},
		{"if i feel like taking all my tablets i give the box to my partner to keep", TierNone},
		{"if i get them thoughts about killing myself i take my prn and go to bed", TierNone},
		{"cuando me vienen ganas de hacerme daño salgo a caminar", TierNone},
		{"si pienso en matarme llamo a mi hermana", TierNone},
		{"cuando me agarran ganas de cortarme llamo a mi vieja y tomo mate con ella", TierNone},
		// A heading stands in for what helps; the help in it ("call 999") is not an emergency.
		{"plan for bad nights: if i want to end it, wake up dan, no matter what time", TierNone},
		{"step 3 of my safety plan - if i still want to die after talking to someone, call 999", TierNone},
		{"warning signs: not sleeping, voices louder, not eating", TierNone},
		// The past of a plan that worked.
		{"me vinieron pensamientos de morirme pero llamé a mi prima y salí a caminar", TierNone},
		// What the person will do: the risk after the condition, a new subject, a bare "if"
		// far from it, a risk of its own in the consequence.
		{"when i get home i'm going to kill myself", TierCrisis},
		{"if he comes back i'll kill him", TierCrisis},
		{"if he comes back i'll kill him and then call the police", TierCrisis},
		{"si mañana sigo así me voy a matar y después llamo a mi mamá", TierCrisis},
		{"if i get upset i cut myself and then call my mum", TierCrisis},
		{"cuando me vienen las ganas me corto y después llamo a mi hermana", TierCrisis},
		{"cuando llegué me volví a cortar y me fui a casa de mi abuela", TierCrisis},
		{"when i want to die i take all my pills", TierCrisis},
		{"when i get the urge to cut i just cut now, nothing helps anymore", TierCrisis},
		{"when i want to cut myself i cut, then i call my sister", TierCrisis},
		{"cuando tengo ganas de cortarme me corto y luego llamo a mi hermana", TierCrisis},
		{"if the voices tell me to jump again i will go to my mums and ring the team", TierNone},
		// The next step of a plan is not help that failed.
		{"if i get thoughts about hurting myself i hold ice, and if that doesn't work i call the crisis line", TierNone},
		// A condition about someone else, or a "plan" that is a plan to die.
		{"my plan for when he leaves: kill myself", TierCrisis},
		{"my plan says when everyone's asleep, take all the pills", TierCrisis},
		{"when he leaves i want to die so i call my sister", TierCrisis},
		// Help refused or failed.
		{"cuando me vienen las ganas de cortarme ya no llamo a nadie", TierCrisis},
		{"when i want to die i call my sister but she isn't answering", TierCrisis},
		{"anoche me vinieron ganas de matarme, llamé a la línea y nadie contestó", TierCrisis},
		{"i called the crisis line and they didn't answer, i'm going to do it", TierConcern},
		// A heading alone lowers nothing.
		{"my safety plan isnt working, i want to die", TierCrisis},
		{"safety plan: i want to die", TierCrisis},
		{"tried everything on my safety plan and i still want to die", TierCrisis},
		{"my early warning signs are back", TierRelapse},
	} {
		r := s.Screen(tc.text)
		if r.Tier != tc.want {
			t.Errorf("Screen(%q) = %s %v %v, want %s", tc.text, r.Tier, r.Matched, r.Context, tc.want)
		}
		if tc.want == TierNone && len(r.Matched) > 0 && !slices.Contains(r.Context, "plan") {
			t.Errorf("Screen(%q): context %v, want plan", tc.text, r.Context)
		}
	}
}

// TestLongAndSpanish: a phrase is not read across the full stop of a long sentence, "good" is
// not "god", and "no quiero seguir/vivir/despertar" about someone or something else is not the
// wish to die; the same words about living stay.
func TestLongAndSpanish(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text string
		want Tier
	}{
		{"today was fine and i feel good, going to my mates for dinner later", TierNone},
		{"its today. im done", TierConcern},
		{"i want to... die", TierCrisis},
		{"no quiero seguir con esa psiquiatra, me cae mal", TierNone},
		{"no quiero vivir con mis papás toda la vida", TierNone},
		{"no quiero despertar a mi hija, está durmiendo", TierNone},
		{"no quiero seguir viendo esa serie", TierNone},
		{"no quiero ver a nadie hoy, solo dormir la siesta", TierNone},
		{"no quiero vivir", TierCrisis},
		{"no quiero seguir viviendo", TierCrisis},
		{"no quiero seguir luchando", TierCrisis},
		{"no quiero seguir con mi vida", TierCrisis},
		{"no quiero vivir con este dolor", TierCrisis},
		{"no quiero despertar mañana", TierCrisis},
		{"we're going to his grave with flowers on friday", TierNone},
	} {
		if r := s.Screen(tc.text); r.Tier != tc.want {
			t.Errorf("Screen(%q) = %s %v, want %s", tc.text, r.Tier, r.Matched, tc.want)
		}
	}
}
