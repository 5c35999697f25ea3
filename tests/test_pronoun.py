"""CT160 pronoun-gender: examples, the seed story, word links, and false positives on human translations."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_names import WMT, WMT_LINES, demo_pair, line_pairs, one_segment, run_example

from checker.checks.base import Context
from checker.checks.pronoun_gender import PronounGender
from checker.lexicons import load_lexicons
from checker.model import WordLink


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(lexicons=load_lexicons("fr", "en"))


@pytest.mark.parametrize("example", PronounGender.examples, ids=lambda e: (e.flagged or "clean")[:20])
def test_examples(example, ctx, checker):
    # through the pipeline: a person called "it" is judged only on words the aligner linked
    run_example(PronounGender(), example, ctx, checker)


def test_doc_has_five_parts():
    doc = PronounGender.doc()
    for part in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"):
        assert part in doc


def test_seed_she_finds_herself(ctx):
    doc = demo_pair()
    findings = list(PronounGender().run(doc, ctx))
    spans = [doc.target.text[f.target_start:f.target_end] for f in findings]
    assert "she finds herself" in spans, spans
    f = findings[spans.index("she finds herself")]
    assert f.target_start == doc.target.text.index("she finds herself")
    assert doc.source.text[f.source_start:f.source_end] == "elle"
    assert f.source_start == doc.source.text.index("elle se retrouve")
    assert "it finds itself" in f.suggestions and f.fix == "review" and f.category == "accuracy/pronoun"
    # a person called "he" in the same story stays untouched
    assert all("he" not in s.split() for s in spans)


def test_links_choose_the_aligned_pronoun(ctx):
    source = "La France a écrit à Angela Merkel. Elle lui a répondu."
    target = "France wrote to Angela Merkel. She answered her."
    doc = one_segment(source, target)
    # a person in view: no finding without links either
    assert list(PronounGender().run(doc, ctx)) == []
    source = "La France a écrit à la Russie. Elle attend sa réponse, dit-elle."
    target = "France wrote to Russia. She is awaiting its reply, she says."
    doc = one_segment(source, target)
    first_elle = source.index("Elle")
    she = target.index("She")
    doc.segments[0].links = [WordLink(first_elle, first_elle + 4, she, she + 3, 0.9)]
    findings = list(PronounGender().run(doc, ctx))
    assert [(f.target_start, f.target_end) for f in findings] == [(she, she + 3)]
    assert findings[0].suggestions == ["It"]


def test_her_possessive_or_object(ctx):
    source = "La Russie a perdu du terrain. Elle a rappelé ses troupes."
    doc = one_segment(source, "Russia has lost ground. She recalled her troops.")
    sugg = sorted(s for f in PronounGender().run(doc, ctx) for s in f.suggestions)
    assert sugg == ["It", "its"]


@pytest.mark.skipif(not WMT.with_suffix(".src.fr").exists(), reason="../shared/corpora (WMT newstest2014) absent")
def test_wmt_reference_false_positive_rate(ctx):
    src = WMT.with_suffix(".src.fr").read_text(encoding="utf-8").splitlines()[:WMT_LINES]
    ref = WMT.with_suffix(".ref.en").read_text(encoding="utf-8").splitlines()[:WMT_LINES]
    flagged = {f.segment for f in PronounGender().run(line_pairs(src, ref), ctx)}
    assert len(flagged) / WMT_LINES < 0.01, sorted(flagged)


def test_word_lists_match_as_one_scan_per_word_would():
    """The data's title and noun lists are scanned as one pattern each; every (end, gender) that one
    `whole_word` scan per entry finds must be found, nested entries ("premier ministre" and its "ministre")
    and plurals included, and nothing else."""
    from checker.checks.base import whole_word
    from checker.checks.pronoun_gender import _word_lists

    names = load_lexicons("fr", "en").names
    data = names.pronouns
    text = ((Path(__file__).resolve().parents[1] / "corpora/demo/wire-xi-putin.fr.txt").read_text(encoding="utf-8")
            + " Le premier ministre et la Première ministre, les présidentes, M. Dupont, MM. Dupont et Mmes Durand."
              " Le Gouvernement et la société-mère ; les princes, la princesse, ces ministres.")
    titles, institutions, persons = _word_lists(names)
    low = text.lower()
    for words, scans, on in (  # (pattern, gender) of one scan per entry, as the rule ran before
        (titles, [(whole_word(t), g) for t, g in data.person_titles.items()], text),
        (institutions, [(whole_word(f, r"\w-"), g) for n, g in data.institution_nouns.items()
                        for f in {n, n[:1].upper() + n[1:]}], text),
        (persons, [(whole_word(n.lower(), suffix="s?"), g) for n, g in data.person_nouns.items()], low),
    ):
        old = sorted((m.start(), m.end(), g) for pattern, g in scans for m in pattern.finditer(on))
        assert sorted(words.finditer(on)) == old and len(old) >= 3


def _linked(source: str, target: str, pairs: list[tuple[str, str]]):
    """One segment with a word link for each (source word, target word), first occurrences."""
    doc = one_segment(source, target)
    links = []
    for s, t in pairs:
        a, b = source.index(s), target.index(t)
        links.append(WordLink(a, a + len(s), b, b + len(t), 0.9))
    doc.segments[0].links = links
    return doc


@pytest.mark.parametrize("source, target, expected", [
    # a person owns it: "his" or "her" by what the source tells of the owner's gender
    ("Mme Dubois a présenté son budget lundi.", "Ms Dubois presented its budget on Monday.", ["her"]),
    ("Selon nos informations, Sam Walton a ouvert son premier magasin en 1962.",
     "According to our information, Sam Walton opened its first shop in 1962.", ["her", "his"]),
    ("Hier, l'actrice a dévoilé sa nouvelle coiffure.", "Yesterday, the actress unveiled its new hairstyle.", ["her"]),
    ("Silvio Berlusconi menace le gouvernement. Jeudi, Berlusconi a retiré son soutien.",  # Silvio: a man's name
     "Silvio Berlusconi threatens the government. On Thursday, Berlusconi withdrew its support.", ["his"]),
    ("Margaret Dupuis a défendu sa politique devant les députés.",
     "Margaret Dupuis defended its policy before the MPs.", ["her"]),
    ("Julie Martin a défendu sa politique devant les députés.",  # « martin » is a bird, Martin a surname here
     "Julie Martin defended its policy before the MPs.", ["her"]),
    # something else may own it
    ("Le groupe menace le gouvernement. Jeudi, Berlusconi a retiré son soutien.",  # no given name: maybe a firm
     "The group threatens the government. On Thursday, Berlusconi withdrew its support.", []),
    ("Le constructeur Renault a publié ses résultats jeudi.", "The carmaker Renault published its results on Thursday.",
     []),
    ("Le syndicat des journalistes allemands a appelé ses membres à la grève.",
     "The union of German journalists called its members out on strike.", []),  # a plural noun owns no « ses »
    ("Jeudi, le Paris Saint-Germain recevra Lorient sans son atout.",
     "On Thursday, Paris Saint-Germain will host Lorient without its trump card.", []),  # Paris: a given name, a place
    ("Dans le dossier du barrage, M. Charest a dit que sa mise en service aurait lieu en 2012.",
     "On the dam, Mr Charest said that its commissioning would take place in 2012.", []),  # the dam, named first
    ("Il veille à ce que personne ne prenne sa place.", "He makes sure that nobody takes its place.", []),
    ("L'acteur a coupé le son de la télévision.", "The actor cut its sound of the television.", []),  # a noun
])
def test_person_owns_it(source, target, expected, ctx):
    possessive = next(w for w in ("son", "sa", "ses") if f" {w} " in source)
    doc = _linked(source, target, [(f" {possessive} ", " its ")] if " its " in target else [])
    findings = list(PronounGender().run(doc, ctx))
    assert sorted(s for f in findings for s in f.suggestions) == expected
    for f in findings:
        assert doc.target.text[f.target_start : f.target_end] == "its"
        assert doc.source.text[f.source_start : f.source_end] == possessive


@pytest.mark.parametrize("source, target, expected", [
    # « il a » has a subject: only « il y a » is impersonal
    ("M. Martin est arrivé lundi. Il a aussitôt rencontré les grévistes.",
     "Mr Martin arrived on Monday. It immediately met the strikers.", ["He"]),
    ("M. Martin est arrivé lundi. Il y a eu des grèves.", "Mr Martin arrived on Monday. It had strikes.", []),
    ("M. Martin a lu le rapport. Il ressort des documents que le projet avançait.",
     "Mr Martin read the report. It emerges from the documents that the project was progressing.", []),
    ("M. Martin a lu le rapport. Il sera possible de voter en mai.",
     "Mr Martin read the report. It will be possible to vote in May.", []),
    # a plural noun or a description is no antecedent of « il »
    ("Les professeurs ont mené les recherches. Il a fallu dix ans.",
     "The professors led the research. It took ten years.", []),
    ("Champion d'Europe de l'éolien, il est aussi un gros utilisateur de charbon.",
     "Champion of Europe in wind power, it is also a big user of coal.", []),
    # a given name tells the sex: "Margaret" is a woman's, "Dominique" either
    ("Margaret Dupuis, qui est elle-même membre de l'Académie, conteste les chiffres.",
     "Margaret Dupuis, which is itself a member of the Academy, contests the figures.", ["herself"]),
    ("Dominique Dupuis est arrivée lundi. Elle a aussitôt rencontré les grévistes.",
     "Dominique Dupuis arrived on Monday. It immediately met the strikers.", []),
    ("Pierre Lenoir est arrivé lundi. Elle a aussitôt rencontré les grévistes.",
     "Pierre Lenoir arrived on Monday. It immediately met the strikers.", []),
    # the person completes a noun of the pronoun's gender: the noun may be its antecedent
    ("Le livre de Peter Englund s'écarte des livres d'histoire. Il apporte un démenti à cette idée.",
     "Peter Englund's book departs from history books. It is a corrective to that idea.", []),
    # impersonal with a complement after the adjective, « il a fallu »
    ("M. Martin a lu le rapport. Il serait ridicule maintenant pour l'Écosse de voter.",
     "Mr Martin read the report. It would be ridiculous now for Scotland to vote.", []),
    ("M. Martin a lu le rapport. Il ressortira de ces discussions un cadre nouveau.",
     "Mr Martin read the report. It will emerge from these discussions a new framework.", []),
    ("Jens Müller parle. Il a fallu aussi multiplier les mesures.",
     "Jens Müller speaks. It was also necessary to multiply the measures.", []),
    # a subject that goes on from the sentence before stands for what that one stands for
    ("M. Dupont est arrivé lundi. Il a rencontré le maire. Il a ensuite visité l'usine.",
     "Mr Dupont arrived on Monday. He met the mayor. It then visited the factory.", ["He"]),
    ("Le régulateur a annoncé sa décision. Il a retiré sa carte à Pierre Lenoir. Il a ordonné une enquête.",
     "The regulator announced its decision. It withdrew Pierre Lenoir's card. It ordered an inquiry.", []),
    # who spoke in an inverted reporting clause: the nearest person, unless an institution is nearer
    ("Mme Leroy a lu la lettre. « C'est une erreur », a-t-elle ajouté.",
     "Mrs Leroy read the letter. \"It is a mistake,\" it added.", ["she"]),
    ("Mme Leroy a parlé à la Fédération. « C'est une erreur », a-t-elle ajouté.",
     "Mrs Leroy spoke to the Federation. \"It is a mistake,\" it added.", ["she"]),  # in a complement
    ("La Fédération a publié un texte. « C'est une erreur », a-t-elle ajouté.",
     "The Federation published a text. \"It is a mistake,\" it added.", []),
    ("Mme Leroy a écrit à la CGT. La CGT répond. « C'est une erreur », a-t-elle ajouté.",
     "Mrs Leroy wrote to the CGT. The CGT replies. \"It is a mistake,\" it added.", []),
    ("Google et Yahoo sont visés. « C'est une erreur », dit-elle.",  # no person: capitalised words are no sex
     "Google and Yahoo are targeted. \"It is a mistake,\" it says.", []),
    # a person noun with no gender of its own takes its determiner's; a plural one is no antecedent
    ("Un porte-parole a parlé. « C'est une erreur », a-t-elle ajouté.",
     "A spokesman spoke. \"It is a mistake,\" it added.", []),
    ("Une porte-parole a parlé. « C'est une erreur », a-t-elle ajouté.",
     "A spokeswoman spoke. \"It is a mistake,\" it added.", ["she"]),
    ("Des journalistes ont parlé. « C'est une erreur », a-t-elle ajouté.",
     "Journalists spoke. \"It is a mistake,\" it added.", []),
])
def test_person_called_it_needs_a_person(source, target, expected, ctx):
    # the last « il » / « elle » is linked to the last "it"
    first = [m for m in re.finditer(r"\b(?:[Ii]l|[Ee]lle)\b", source)][-1]
    it = [m for m in re.finditer(r"\b(?:[Ii]t|itself)\b", target)][-1]
    doc = one_segment(source, target)
    doc.segments[0].links = [WordLink(*first.span(), *it.span(), 0.9)]
    assert sorted(s for f in PronounGender().run(doc, ctx) for s in f.suggestions) == expected


def test_possessive_of_a_subject_pronoun(ctx):
    source = "M. Dupont est arrivé lundi. Il a présenté son plan aux élus."
    target = "Mr Dupont arrived on Monday. He presented its plan to the councillors."
    doc = _linked(source, target, [(" son ", " its ")])
    findings = list(PronounGender().run(doc, ctx))
    assert [f.suggestions for f in findings] == [["his"]]
    # a pronoun that may stand for a thing: no owner is sure
    source = "Le gouvernement a tranché. Il a présenté son plan aux élus."
    target = "The government has decided. He presented its plan to the councillors."
    assert list(PronounGender().run(_linked(source, target, [(" son ", " its ")]), ctx)) == []


def test_a_long_chain_of_subject_pronouns_is_followed_a_window_back_only(ctx):
    # every « Il » opens its sentence after one that opens with « Il »: followed back two sentences, not 2,000
    # (a recursion that deep would fail), so only the first ones reach M. Dupont
    source = "M. Dupont est arrivé. " + "Il a parlé longuement. " * 2000
    target = "Mr Dupont arrived. " + "It spoke at length. " * 2000
    doc = one_segment(source, target)
    doc.segments[0].links = [WordLink(s.start(), s.end(), t.start(), t.end(), 0.9)
                             for s, t in zip(re.finditer(r"\bIl\b", source), re.finditer(r"\bIt\b", target),
                                             strict=True)]
    suggestions = [s for f in PronounGender().run(doc, ctx) for s in f.suggestions]
    assert suggestions and set(suggestions) == {"He"} and len(suggestions) <= 3


def test_a_pronoun_inside_a_longer_source_word_is_the_english_word_beside_the_linked_one(ctx):
    # « qu'il » is linked as a whole to "that": the English pronoun is the word after it
    source = "M. Dupont est arrivé lundi. Il a dit qu'il avait peur."
    target = "Mr Dupont arrived on Monday. He said that it was afraid."
    doc = one_segment(source, target)
    qu = re.search(r"qu'il", source)
    doc.segments[0].links = [WordLink(*qu.span(), *re.search(r"\bthat\b", target).span(), 0.9)]
    assert [(target[f.target_start : f.target_end], f.suggestions) for f in PronounGender().run(doc, ctx)] == [
        ("it", ["he"])]
    # a pronoun that is a word of its own is only what its link says
    doc.segments[0].links = [WordLink(*re.search(r"\bavait\b", source).span(),
                                      *re.search(r"\bwas\b", target).span(), 0.9)]
    assert list(PronounGender().run(doc, ctx)) == []


@pytest.mark.parametrize("source, target, pairs, expected", [
    # a subject pronoun standing for a person whose sex the source tells, rendered by the other sex's pronoun
    ("Mme Dubois est arrivée lundi. Elle a rencontré les grévistes.",
     "Ms Dubois arrived on Monday. He met the strikers.", [("Elle", "He")], ["She"]),
    ("M. Martin est arrivé lundi. Il a rencontré les grévistes.",
     "Mr Martin arrived on Monday. She met the strikers.", [("Il", "She")], ["He"]),
    ("Tan Wei Ming, directrice du service, répond. « C'est dû à l'éducation », explique-t-elle.",  # the apposition
     "Tan Wei Ming, director of the department, replies. \"It is due to education,\" he explains.",
     [("-elle", " he ")], ["she"]),
    # a pronoun with its clitic is one English word
    ("Tony Blair a déclaré qu'il saisirait l'occasion.", "Tony Blair said she'd seize the chance.",
     [("il", "she'd")], ["he'd"]),
    # a thing of the pronoun's gender in between (« un cours ») does not count: the English pronoun is a person's,
    # and every person in view is a man
    ("Le professeur Pierre Martin a décidé de donner un cours. Il savait que le sujet plairait.",
     "Professor Pierre Martin decided to give a course. She knew the topic would please.", [("Il", "She")], ["He"]),
    ("Le professeur Pierre Martin a rencontré Mme Leroy. Il savait que le sujet plairait.",  # « Il » is not hers
     "Professor Pierre Martin met Ms Leroy. She knew the topic would please.", [("Il", "She")], ["He"]),
    ("Le professeur a donné un cours à Mme Leroy. Il savait que le sujet plairait.",  # « Il »: the course, or him?
     "The professor gave a course to Ms Leroy. She knew the topic would please.", [("Il", "She")], []),
    # the source does not tell the sex: « la victime » may be a man, « le témoin » a woman
    ("La victime est arrivée lundi. Elle a été opérée.", "The victim arrived on Monday. He underwent surgery.",
     [("Elle", "He")], []),
    ("Le témoin est arrivé lundi. Il a parlé aux policiers.", "The witness arrived on Monday. She spoke to the police.",
     [("Il", "She")], []),
    # where nothing else does, the pronoun tells: "Camille" may be either, « elle » is a woman
    ("Camille Dupuis est arrivée lundi. Elle a rencontré les grévistes.",
     "Camille Dupuis arrived on Monday. He met the strikers.", [("Elle", "He")], ["She"]),
    ("Alors que Breivik a agi seul, il a été jugé en public.", "While Breivik acted alone, she was tried in public.",
     [(" il ", " she ")], ["he"]),
    ("« Le cadre est maintenant bien tracé », ajouta-t-il.", "\"The framework is now well delineated,\" she said.",
     [("-il", " she ")], ["he"]),
    # ... but not an impersonal « il », even with an object between (« il lui faut »: "she needs")
    ("Il lui a été demandé de partir.", "She was asked to leave.", [("Il", "She")], []),
    ("Il faut qu'elle parte.", "She must leave.", [("Il", "She")], []),
    # ... nor with a place of its gender in view, which may be what it stands for (then "it")
    ("Le Canada a voté contre. Il a dit non.", "Canada voted against. She said no.", [("Il", "She")], []),
    # the right pronoun is left alone
    ("Mme Dubois est arrivée lundi. Elle a rencontré les grévistes.",
     "Ms Dubois arrived on Monday. She met the strikers.", [("Elle", "She")], []),
    # possessives: French « son », « sa », « ses » agree with the thing owned; the owner's sex is the source's
    ("Mme Lagarde a défendu sa politique devant les députés.", "Ms Lagarde defended his policy before the MPs.",
     [(" sa ", " his ")], ["her"]),
    ("Leonardo DiCaprio joue son rôle de trader.", "Leonardo DiCaprio plays her role as a trader.",
     [(" son ", " her ")], ["his"]),
    ("Notre mère est partie après son combat contre le cancer.",
     "Our mother passed away after his fight against cancer.", [(" son ", " his ")], ["her"]),
    # where nothing tells the owner's sex, no one of the English possessive's sex may be in the story so far
    ("Il a lu les rapports d'IBM et a changé son opinion.", "He read IBM's reports and changed her mind.",
     [(" son ", " her ")], ["his"]),
    # "so far": a woman named after the possessive's sentence does not own it, one named before may
    ("Il a lu les rapports et a changé son opinion. Mme Dubois a répondu.",
     "He read the reports and changed her mind. Ms Dubois replied.", [(" son ", " her ")], ["his"]),
    ("Mme Dubois a répondu. Il a lu les rapports et a changé son opinion.",
     "Ms Dubois replied. He read the reports and changed her mind.", [(" son ", " her ")], []),
    ("Au début de sa carrière, alors qu'il s'installe, un client lui demande un ordinateur.",
     "Early in her career, as he set up, a customer asked him for a computer.", [(" sa ", " her ")], ["his"]),
    ("Porras estime que sa méthode fonctionne.", "Porras believes her method works.",  # a surname: either sex
     [(" sa ", " her ")], []),
    ("Pour elle, le lieutenant-colonel avait réalisé tous ses rêves.",  # « elle » may own them
     "For her, the lieutenant colonel had fulfilled all her dreams.", [(" ses ", " her ")], []),
    ("La France et ses alliés ont voté. Il a dit non.", "France and her allies voted. He said no.",  # "her": France's
     [(" ses ", " her ")], []),
    # someone else may own it: a person of the other sex before it, a relative, an apposition
    ("La sœur du président Felipe Calderon a perdu sa tentative d'accès au poste de gouverneur.",
     "President Felipe Calderon's sister has lost her bid for governor.", [(" sa ", " her ")], []),
    ("Le conducteur, son épouse et sa mère ont péri dans l'incendie.",
     "The driver, his wife and his mother died in the fire.", [(" sa ", "his mother")], []),
    ("Elle marquerait son désaccord, souligne Bruno Julliard, son porte-parole.",
     "She would register her disagreement, stresses Bruno Julliard, her spokesman.",
     [(", son ", ", her ")], []),
])
def test_person_called_by_the_other_sex(source, target, pairs, expected, ctx):
    doc = _linked(source, target, pairs)  # each pair's first occurrences, spaces included, are linked
    findings = list(PronounGender().run(doc, ctx))
    assert sorted(s for f in findings for s in f.suggestions) == expected
    assert all(f.severity.name == "MAJOR" and f.fix == "review" for f in findings)
