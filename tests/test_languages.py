"""Languages: each article's language told from its text (py3langid) and stored; an article that is
not in English is stored with no figures or claims, with a warning line and a summary count;
--language overrides detection."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_path
from facttrack.cli import app
from facttrack.document import Document
from facttrack.extract import extract
from facttrack.readers import read_html
from facttrack.readers.language import detect, is_english, with_language

GERMAN = ("Hochwasser in Sachsen\n\nRund 3.000 Menschen mussten ihre Häuser verlassen, teilte die Polizei am "
          "Sonntag mit. Die Landesregierung kündigte Hilfen in Höhe von 25 Millionen Euro an, sagte ein Sprecher.\n")
ENGLISH = ("Floods in the north\n\nAbout 3,000 people had to leave their homes, the police said on Sunday. "
           "The regional government promised 25 million euros in aid, a spokesman said.\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("Police said 23 people were arrested after the clashes outside the stadium on Sunday.", "en"),
    ("Rund 3.000 Menschen mussten ihre Häuser verlassen, teilte die Polizei am Sonntag mit.", "de"),
    ("Le gouvernement a débloqué 25 millions d'euros pour les sinistrés, a annoncé le ministre.", "fr"),
    ("Al menos 40 personas murieron en las inundaciones, según las autoridades locales.", "es"),
    ("По данным полиции, в воскресенье после беспорядков были задержаны 23 человека.", "ru"),
    ("قالت الشرطة إنها اعتقلت 23 شخصا بعد الاشتباكات التي وقعت خارج الملعب يوم الأحد.", "ar"),
    ("पुलिस ने कहा कि रविवार को स्टेडियम के बाहर हुई झड़प के बाद 23 लोगों को गिरफ्तार किया गया।", "hi"),
    ("警方表示，周日体育场外发生冲突后，共有23人被逮捕。", "zh"),
    ("Ten killed.", None),          # too short to tell
    ("12,000 / 3.4 % — 2024", None),  # no words at all
])
def test_detect(text: str, expected: str | None) -> None:
    assert detect(text) == expected


def test_text_decides_over_a_template_declaration() -> None:
    page = (f'<html lang="en"><body><article><p>{GERMAN.split(chr(10))[2]}</p></article></body></html>').encode()
    assert read_html(page, "p.html").language == "en"  # as the page declares, before detection
    assert with_language(read_html(page, "p.html")).language == "de"
    short = Document(text="Ten killed.", language="fr-FR")
    assert with_language(short).language == "fr"  # too short to tell: the declaration, primary subtag


@pytest.mark.parametrize(("language", "english"), [(None, True), ("en", True), ("en-GB", True), ("EN_us", True),
                                                   ("de", False), ("pt-BR", False)])
def test_extraction_only_for_english(language: str | None, english: bool) -> None:
    doc = Document(text="About 3,000 people had to leave their homes, the police said.", language=language)
    assert is_english(language) is english
    assert bool(extract(doc).figures) is english


def run(*args: str | Path) -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(app, list(map(str, args)))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_ingest_stores_other_languages_without_figures(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    db = tmp_path / "f.db"
    code, out, err = run("ingest", tmp_path / "de.txt", tmp_path / "en.txt", "--db", db, "--format", "json")
    assert code == 0
    assert err == [f"warning: {tmp_path / 'de.txt'}: language de: stored without figures or claims "
                   "(the extraction rules are English; --language en overrides)"]
    summary = json.loads(out)
    assert (summary["new"], summary["not_english"]) == (2, 1) and summary["figures"] >= 2
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT a.title, a.language, count(f.id) FROM articles a "
                            "LEFT JOIN figures f ON f.article_id = a.id GROUP BY a.id ORDER BY a.id").fetchall()
    assert rows[0] == ("Hochwasser in Sachsen", "de", 0)
    assert rows[1][:2] == ("Floods in the north", "en") and rows[1][2] >= 2
    code, _, err = run("ingest", tmp_path / "de.txt", "--db", tmp_path / "g.db")
    assert err[-1].endswith("; 1 not in English (stored without figures or claims)")


def test_language_option_overrides_detection(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    db = tmp_path / "f.db"
    code, out, err = run("ingest", tmp_path / "de.txt", "--language", "en", "--db", db, "--format", "json")
    assert (code, err, json.loads(out)["not_english"]) == (0, [], 0)
    code, out, err = run("extract", tmp_path / "en.txt", "--language", "fr")
    assert json.loads(out)["figures"] == [] and err[0].startswith("warning: ")
    code, out, err = run("extract", tmp_path / "en.txt", "--language", "english!")
    assert code == 2


def test_the_unpacked_model_is_cached_and_gives_the_same_languages(tmp_path: Path) -> None:
    """A first process unpacks py3langid's model into the cache folder; a second maps it from there
    and tells the same languages (real processes, a cache folder of the test's own)."""
    import os
    import subprocess
    import sys

    texts = [text for text, _ in [
        ("Police said 23 people were arrested after the clashes outside the stadium on Sunday.", 0),
        ("Rund 3.000 Menschen mussten ihre Häuser verlassen, teilte die Polizei am Sonntag mit.", 0),
        ("Al menos 40 personas murieron en las inundaciones, según las autoridades locales.", 0),
    ]]
    code = ("import json, sys; from facttrack.readers.language import detect;"
            "print(json.dumps([detect(t) for t in json.loads(sys.argv[1])]))")
    env = {**os.environ, "FACTTRACK_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code, json.dumps(texts)], env=env, capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]
    assert any(p.name.endswith("-table.npy") for p in tmp_path.iterdir())
    assert any(p.name.endswith("-mapped.pickle") for p in tmp_path.iterdir())
    assert any(p.name.endswith("-nextmove.bin") for p in tmp_path.iterdir())
    assert json.loads(runs[0]) == json.loads(runs[1]) == ["en", "de", "es"]
    # a damaged cache is unpacked again, not trusted
    for p in tmp_path.iterdir():
        if p.name.endswith("-mapped.pickle"):
            p.write_bytes(b"not a pickle")
    again = subprocess.run([sys.executable, "-c", code, json.dumps(texts)], env=env, capture_output=True, text=True,
                           check=True).stdout
    assert json.loads(again) == ["en", "de", "es"]


OPENINGS = {  # our own openings of flood reports, long enough for the English shortcut to be asked
    "de": "Die Regierung hat am Montag neue Hilfen für die Opfer der Überschwemmungen angekündigt. Nach Angaben "
          "der Behörden wurden mehr als 2.000 Häuser beschädigt, und viele Familien mussten in Notunterkünften "
          "übernachten. Der Bürgermeister sagte, man werde alles tun, um schnell zu helfen.",
    "fr": "Le gouvernement a annoncé lundi de nouvelles aides pour les victimes des inondations. Selon les "
          "autorités, plus de 2 000 maisons ont été endommagées et de nombreuses familles ont dû passer la nuit "
          "dans des abris. Le maire a déclaré qu'il ferait tout pour aider rapidement les habitants.",
    "es": "El gobierno anunció el lunes nuevas ayudas para las víctimas de las inundaciones. Según las "
          "autoridades, más de 2.000 casas resultaron dañadas y muchas familias tuvieron que pasar la noche en "
          "refugios. El alcalde dijo que haría todo lo posible para ayudar a los vecinos.",
    "nl": "De regering heeft maandag nieuwe hulp aangekondigd voor de slachtoffers van de overstromingen. Volgens "
          "de autoriteiten zijn meer dan 2.000 huizen beschadigd en moesten veel gezinnen de nacht in "
          "opvangcentra doorbrengen. De burgemeester zei dat hij alles zou doen om snel te helpen.",
    "it": "Il governo ha annunciato lunedì nuovi aiuti per le vittime delle alluvioni. Secondo le autorità, più "
          "di 2.000 case sono state danneggiate e molte famiglie hanno dovuto passare la notte nei rifugi. Il "
          "sindaco ha detto che farà di tutto per aiutare rapidamente gli abitanti.",
    "pt": "O governo anunciou na segunda-feira novas ajudas para as vítimas das cheias. Segundo as autoridades, "
          "mais de 2.000 casas foram danificadas e muitas famílias tiveram de passar a noite em abrigos. O "
          "presidente da câmara disse que fará tudo para ajudar rapidamente os moradores.",
    "da": "Regeringen har mandag annonceret ny hjælp til ofrene for oversvømmelserne. Ifølge myndighederne er mere "
          "end 2.000 huse blevet beskadiget, og mange familier måtte overnatte i nødherberger. Borgmesteren sagde, "
          "at han vil gøre alt for hurtigt at hjælpe beboerne, men situationen er fortsat anspændt.",
}
ENGLISH_OPENINGS = [
    "The regional government said on Monday that it would send more help to the victims of the floods. More than "
    "2,000 homes have been damaged, according to officials, and many families spent the night in shelters. The "
    "mayor told reporters that the situation was still tense but that the water had started to fall.",
    "Rescuers were still searching for 14 people on Tuesday after a landslide buried part of a mountain village, "
    "police said. The head of the local fire service told state radio that the ground was unstable and that "
    "heavy rain had slowed the work. Residents who left their homes are staying with relatives.",
]


@pytest.mark.parametrize("language", sorted(OPENINGS))
def test_the_english_shortcut_leaves_other_languages_to_the_model(language: str) -> None:
    from facttrack.readers.language import _plainly_english

    text = OPENINGS[language]
    assert not _plainly_english(text)
    headlined = "Floods: the mayor says the worst is over\n\n" + text  # an English headline changes nothing
    assert not _plainly_english(headlined)
    assert detect(text) == language == detect(headlined)


@pytest.mark.parametrize("text", ENGLISH_OPENINGS)
def test_the_english_shortcut_says_what_the_model_says(text: str) -> None:
    from facttrack.readers.language import _identifier, _plainly_english

    assert _plainly_english(text) and detect(text) == "en"
    language, confidence = _identifier().classify(text)
    assert language == "en" and confidence >= 0.5
    assert not _plainly_english(" ".join(text.split()[:20]))  # too few words to decide: the model does


def test_on_real_articles_the_shortcut_agrees_with_the_model() -> None:
    """Every shared Wikinews article the shortcut calls English, the model calls English too."""
    from facttrack.readers.language import SAMPLE_CHARS, _identifier, _plainly_english

    corpus = shared_path("corpus", "wikinews", "articles.jsonl")
    samples = [json.loads(line)["text"][:SAMPLE_CHARS] for line in corpus.open(encoding="utf-8")]
    taken = [s for s in samples if _plainly_english(s)]
    assert len(taken) > len(samples) // 2
    assert all(_identifier().classify(s)[0] == "en" for s in taken)
