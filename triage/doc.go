// Package triage decides when a worker should look at how a person is doing. It is pure: a
// person's answers and history go in, flags come out. It does no I/O, reads no clock and keeps
// no state, so the same answers always give the same flags.
//
// The rules, in plain words, as a clinician would check them:
//
//   - Threshold: one answer at the worrying end of a scale. By default: distress from voices
//     at 5 of 5 (urgent), stress at 5 of 5, mood at 1 of 5. Which end is worrying comes from
//     the question ("concern: high" or "low" in the content pack).
//   - Run: the same worry on several check-ins in a row, even if no single answer crossed a
//     threshold. By default: mood 2 or lower on 3 check-ins, stress 4 or higher on 3, distress
//     from voices 4 or higher on 2. Only answers count. A missed check-in, a "not now", or a
//     skipped question neither adds to a run nor breaks it; a better answer breaks it.
//   - Baseline: an answer well beyond the person's own usual. Each person is compared with
//     themselves over the last 28 days, once there are 7 answers to compare with. "Well
//     beyond" is more than 2 of their own standard deviations from their average, where the
//     standard deviation counts as at least half a point on a 1 to 5 scale — so someone who
//     always answers 2 is flagged at 4 but not at 3, and someone whose answers swing widely
//     needs a bigger change.
//   - Early warning signs: the person's own signs, agreed with their worker and asked as
//     scales, are each compared with the person's own usual in the same way. A rise flags.
//   - Words: the risk screen (Screener) reads everything a person writes, in English and in
//     Spanish whatever their language, against phrase lists a clinician can read and edit
//     (content/default/screen in the default pack). It gives a tier:
//     crisis — suicide (wishes, thoughts, plans, preparation, means, a place of danger, "tonight"),
//     self-harm, an overdose taken or pills being saved, harming others, voices telling them to
//     do harm, abuse or exploitation, not being safe: an urgent flag;
//     concern — hopelessness, "can't go on", a burden, possible preparation that is often
//     innocent, or a crisis phrase softened by a negation ("I don't want to die"): a flag at
//     normal priority;
//     relapse — early warning signs in words (not sleeping for days, stopped medication, voices
//     back, fear of being watched, followed or poisoned): an early-warning-sign flag.
//     The lists match the way people type on phones (case, accents, no apostrophes, repeated
//     letters, digits for letters, a swapped or missing letter, short forms such as "r",
//     "agen", "kms", "unalive", "sh", a few emoji).
//     Context lowers a match within its own clause (or a quotation, or the sentences after a
//     film or the past is set, while they stay a story): a negation just before it (one tier,
//     or to none with a reassurance in the sentence: "not suicidal, just tired"),
//     an idiom ("dying to see you"), a plain denial ("I'm not suicidal"), the recovered past
//     ("years ago"), a film or the news, or someone else's words ("my friend said she...") —
//     unless the clause also says "again", "now", "still". The message takes the highest tier of
//     any of its matches, so "I'm not ok, last night I cut again" is crisis. A line of the
//     person's own crisis plan is context, never a disclosure. When in doubt the lists put a
//     phrase in the higher tier. The screen is a safety net, not a clinician: it finds words, it
//     does not judge how likely anyone is to come to harm, and it misses what it has no words
//     for. Test a list edit with `tandem screen --pack DIR`.
//   - Silence: 3 check-ins missed in a row. A "not now" is the person choosing, so it ends a
//     silence rather than adding to it.
//   - Asked: the person asked their worker to get in touch. Urgent when their note screens as
//     crisis.
//
// Where a choice touches a person who may be at risk, these rules prefer a false alarm to a
// miss: a worker who reads a message that turns out fine has lost a minute. Flags are prompts for
// a person to look, never a risk score: nothing here says how likely anyone is to come to harm.
//
// Each flag has a Key ("threshold:mood", "words", "sign:words", "silence") that stays the same while the
// worry lasts, so a caller can add evidence to a flag that is still open instead of sending
// the worker the same alert again.
package triage
