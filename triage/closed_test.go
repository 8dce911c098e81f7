package triage

import "testing"

// TestScreenPastClosedAfter: a past said after the story and pointing back at it closes it;
// a time of now, a present word, a count up to now or a cleft keep the risk.
func TestScreenPastClosedAfter(t *testing.T) {
	checkContext(t, []contextCase{
		{"after my mum died i took a load of pills. that was 8 years ago", TierNone, "past"},
		{"i was suicidal for most of my twenties, that's behind me", TierNone, "past"},
		{"at my worst i wanted to die every single day. those days are gone", TierNone, "past"},
		{"hace tiempo pensaba que todos estarían mejor sin mí, ya no pienso así", TierNone, "past"},
		{"i went through hell with the voices telling me to kill myself, but im through it now", TierNone, "past"},
		{"i took 30 pills. that was an hour ago", TierCrisis, ""},
		{"took 30 pills, it was years ago that i last felt this bad", TierCrisis, ""},
		{"wanted to kill myself all weekend. its been years since i felt like this", TierCrisis, ""},
		{"i want to die. that was years ago", TierCrisis, ""},
		{"i cut myself last night, it was years ago that i last did it", TierCrisis, ""},
	})
}

// TestScreenReturnAfterPast: a return said after a past or a denial brings the risk back;
// "never again", good news and a plan's "if they come back" do not.
func TestScreenReturnAfterPast(t *testing.T) {
	checkContext(t, []contextCase{
		{"hace mucho que no escuchaba las voces pero volvieron esta semana", TierRelapse, ""},
		{"antes me cortaba y ayer lo volví a hacer", TierCrisis, ""},
		{"years ago I tried to kill myself. I feel like that again", TierConcern, ""},
		{"i used to self harm, never again", TierNone, "past"},
		{"years ago i wanted to die, now im happy again", TierNone, "past"},
		{"hace años quería morirme, volví a estudiar", TierNone, ""},
		{"ya sé que no soy una carga, mi hermana me lo volvió a decir", TierNone, ""},
		{"the voices used to tell me to hurt myself, we made a plan for what to do if they come back", TierNone, "past"},
	})
}

// TestScreenPlanShapes: a heading of signs said as a report, what a step prevents, what the
// person does instead, a denial over "or", a heading's topic, and a negated sign.
func TestScreenPlanShapes(t *testing.T) {
	checkContext(t, []contextCase{
		{"my warning signs are all here, not slept in 4 days and i think the neighbours are poisoning my water", TierRelapse, ""},
		{"warning signs: not sleeping, voices louder", TierNone, "plan"},
		{"my sister keeps my tablets so i can't overdose when im low", TierNone, "negation"},
		{"mi hermano guarda las pastillas para que no me tome todas", TierNone, ""},
		{"im going to take all my pills so i dont wake up", TierCrisis, ""},
		{"things i can do instead of self harming: ice, red pen, exercise", TierNone, ""},
		{"cosas que puedo hacer en vez de cortarme: dibujar, correr", TierNone, ""},
		{"instead of going to work im going to kill myself", TierCrisis, ""},
		{"i haven't had any thoughts of self harm or suicide since the summer", TierNone, "negation"},
		{"triggers for my self harm: arguments with mum, payday, being alone", TierNone, "plan"},
		{"my safety plan: 1) notice the thoughts about dying 2) distract 3) call sarah", TierNone, "plan"},
		{"safety plan: i want to die", TierCrisis, ""},
		{"the voices haven't been back since june", TierNone, "negation"},
		{"the voices aren't quiet, they're back", TierRelapse, ""},
		{"cant sleep wont sleep 4th nite now", TierRelapse, ""},
	})
}

// TestScreenThingsNotThePerson: risky words said of a thing.
func TestScreenThingsNotThePerson(t *testing.T) {
	checkContext(t, []contextCase{
		{"se me quemó el arroz otra vez", TierNone, ""},
		{"its really high when you look down", TierNone, ""},
		{"el sábado fuimos al río, había un puente altísimo y los pibes se tiraban al agua", TierNone, ""},
		{"estoy en un puente altísimo", TierCrisis, ""},
		{"bc they ran out of my olanzapine again, waited 40 mins", TierNone, ""},
	})
}

// TestScreenPlanLabelsAndUrges: a risk written as a label with what helps after a mark, and an
// urge said to pass, are a plan's lines; the person now in the label, or a thought passing
// through the mind, are not.
func TestScreenPlanLabelsAndUrges(t *testing.T) {
	checkContext(t, []contextCase{
		{"suicidal thoughts = ring samaritans 116 123", TierNone, "plan"},
		{"urges to self harm: sit on my hands, count to 100, go outside", TierNone, "plan"},
		{"ideas de hacerme daño → salir a caminar y escribirle a Caro", TierNone, "plan"},
		{"i want to die: call mum", TierCrisis, ""},
		{"suicidal thoughts: i have them every day", TierCrisis, ""},
		{"overdose - took 40 paracetamol, call 999", TierCrisis, ""},
		{"note to self: the thoughts of killing myself always pass, ride it out", TierNone, "plan"},
		{"recordar: las ganas de cortarme se pasan si espero 15 minutos", TierNone, "plan"},
		{"the thoughts of killing myself keep passing through my head", TierCrisis, ""},
		{"se me pasa por la cabeza matarme", TierCrisis, ""},
		{"keep busy when the dark thoughts about dying come", TierNone, "plan"},
		{"mi psiquiatra y yo armamos un plan para cuando me vienen ganas de matarme", TierNone, "plan"},
	})
}

// TestScreenMeansMadeSafe: a means put away for safety is a plan's step; the person now or a
// plan that failed keeps it.
func TestScreenMeansMadeSafe(t *testing.T) {
	checkContext(t, []contextCase{
		{"we took the razor blades out of the house as part of my safety plan", TierNone, "plan"},
		{"keeping myself safe = knives locked away, my pills in a lockbox, razors gone", TierNone, "plan"},
		{"mi hermano se llevo el arma de mi papa para que yo este mas seguro", TierNone, "plan"},
		{"my safety plan isnt working, bought a rope", TierCrisis, ""},
		{"distraction list for self harm urges: lego, hot shower, youtube, cuddle the dog", TierNone, "plan"},
		{"las voces estaban fuertes el invierno pasado pero la medicación nueva lo arregló", TierNone, "past"},
		{"las voces me gritaban que me matara la semana pasada", TierCrisis, ""},
	})
}

// TestScreenPastRunsToNow: a time counted up to now, a state getting worse and signs listed
// after a heading with a present word are now; a time without is not.
func TestScreenPastRunsToNow(t *testing.T) {
	checkContext(t, []contextCase{
		{"i've been suicidal for years and its getting worse", TierCrisis, ""},
		{"ive been suicidal for years", TierCrisis, ""},
		{"ive been self harm free for 3 years", TierNone, "past"},
		{"i was suicidal for years, im fine now", TierNone, "past"},
		{"warning signs: i'm not sleeping and the voices are back", TierRelapse, ""},
		{"my relapse signature: hearing whispers, not sleeping, believing the neighbours are plotting", TierNone, "plan"},
		{"antes me cortaba, eso fue hace mucho, pero anoche me corté de nuevo", TierCrisis, ""},
	})
}

// TestScreenPastMarkers: more ways a past is dated (session 4).
func TestScreenPastMarkers(t *testing.T) {
	checkContext(t, []contextCase{
		{"me corte por ultima vez hace como 6 años", TierNone, "past"},
		{"me corté hace como dos horas", TierCrisis, ""},
		{"my old self would of taken all the pills but now i just go for a walk", TierNone, "past"},
		{"the old me is back and i want to die", TierCrisis, ""},
		{"im in recovery and i want to die", TierCrisis, ""},
		{"i remember being so low i wrote goodbye letters, im glad i never sent them", TierNone, "past"},
		{"my mum died last year so i took an overdose", TierCrisis, ""},
	})
}

// TestScreenStoryPastState: a past state told in a sentence after the past is set, with a
// reassurance later, is over; an event there stays concern.
func TestScreenStoryPastState(t *testing.T) {
	checkContext(t, []contextCase{
		{"two years ago things were really bad. i wanted to kill myself every day. im doing much better now", TierNone, "past"},
		{"hace dos años estaba muy mal. quería matarme todos los días. ahora estoy mucho mejor", TierNone, "past"},
		{"two years ago things were really bad. took 30 pills. im ok now", TierCrisis, ""},
		{"two years ago things were really bad. i want to kill myself. im ok", TierCrisis, ""},
	})
}

// TestScreenHaceQue: Spanish "hace ... que" with a verb in the present has gone on up to now;
// with "no", or a past event, it is a time without or a past.
func TestScreenHaceQue(t *testing.T) {
	checkContext(t, []contextCase{
		{"hace años que quiero morirme", TierCrisis, ""},
		{"hace meses que me quiero matar", TierCrisis, ""},
		{"hace tiempo que me corto", TierCrisis, ""},
		{"hace años que no me corto", TierNone, "past"},
		{"hace años que escucho voces pero ya no me molestan", TierNone, "past"},
		{"hace años que intenté matarme, hoy estoy bien", TierNone, "past"},
		{"estoy en una etapa donde quiero morirme", TierCrisis, ""},
		{"en su momento pensé en tirarme del puente, ya no", TierNone, "past"},
		{"in my early twenties i overdosed twice. im 45 and stable", TierNone, "past"},
	})
}

// TestScreenSinceRunsToNow: "since" and "desde" count up to now, unless the clause says what has
// not happened since, or counts from the last time.
func TestScreenSinceRunsToNow(t *testing.T) {
	checkContext(t, []contextCase{
		{"i've self harmed since i was 14", TierCrisis, ""},
		{"desde que tenía 15 me quiero morir", TierCrisis, ""},
		{"me corto desde los 13", TierCrisis, ""},
		{"i havent self harmed since i was 14", TierNone, "past"},
		{"desde los 13 no me corto", TierNone, "past"},
		{"its been 3 years since i last cut", TierNone, ""},
	})
}

// TestScreenClockIsNotAnAge: "at 15:30" is a time of day, not "at 15" an age in the past.
func TestScreenClockIsNotAnAge(t *testing.T) {
	checkContext(t, []contextCase{
		{"i took all my pills at 15:30", TierCrisis, ""},
		{"took 40 paracetamol at 16.00 today", TierCrisis, ""},
		{"cut myself at 13.00", TierCrisis, ""},
		{"im aged 40 and want to die", TierCrisis, ""},
		{"at 15 i took an overdose, im 40 now", TierNone, "past"},
		{"i overdosed at 19, im 34 now and doing ok", TierNone, "past"},
	})
}

// TestScreenUsedToAccustomed: "I'm used to" is accustomed, now; "I used to" is the past.
func TestScreenUsedToAccustomed(t *testing.T) {
	checkContext(t, []contextCase{
		{"im used to wanting to die", TierCrisis, ""},
		{"i'm used to the voices telling me to kill myself", TierCrisis, ""},
		{"i used to want to die", TierNone, "past"},
	})
}

// TestScreenPlanThatFails: a plan's help that fails, an urge that comes back, and harm done
// after the condition are disclosures.
func TestScreenPlanThatFails(t *testing.T) {
	checkContext(t, []contextCase{
		{"keeping busy so i dont think about killing myself but its not working", TierConcern, ""},
		{"the thoughts of killing myself pass but come back every night", TierCrisis, ""},
		{"when i want to die i write it down and then i cut", TierCrisis, ""},
		{"cuando tengo ganas de matarme agarro el cuchillo", TierCrisis, ""},
		{"cuando tengo ganas de cortarme agarro hielo", TierNone, "plan"},
		{"when i feel like self harming i hold ice so i dont cut", TierNone, "plan"},
	})
}
