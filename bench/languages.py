"""Language detection: accuracy on short news sentences written for this benchmark, and the cost per
article, for facttrack's detector (py3langid) and, when installed, lingua.

    .venv/bin/python bench/languages.py

Each sentence is classified alone (one sentence is harder than an article, which facttrack reads up
to 2,000 characters of); "unsure" counts as wrong. The cost is the median time to classify the
first 2,000 characters of a 4 KB English article (warm), plus the one-time model load. Asserts nothing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

SENTENCES: dict[str, list[str]] = {
    "en": ["Police said 23 people were arrested after the clashes outside the stadium on Sunday.",
           "The ministry of health reported 318 new cases of measles in the province last month.",
           "At least 14 people were killed when the river burst its banks, officials said.",
           "The central bank raised its main interest rate by a quarter of a point on Thursday."],
    "de": ["Rund 3.000 Menschen mussten ihre Häuser verlassen, teilte die Polizei am Sonntag mit.",
           "Die Regierung kündigte an, die Hilfen für die betroffenen Gemeinden deutlich zu erhöhen.",
           "Nach Angaben der Feuerwehr wurden bei dem Brand in der Lagerhalle zwei Personen verletzt.",
           "Der Stadtrat stimmte mit 31 zu 12 Stimmen für die Schließung des alten Kraftwerks."],
    "fr": ["Le gouvernement a débloqué 25 millions d'euros pour les sinistrés, a annoncé le ministre.",
           "Selon la préfecture, plus de 500 habitants ont été évacués pendant la nuit.",
           "Les syndicats appellent à une nouvelle journée de grève jeudi prochain dans les transports.",
           "Le conseil municipal a voté la fermeture de la centrale à charbon d'ici 2027."],
    "es": ["Al menos 40 personas murieron en las inundaciones, según las autoridades locales.",
           "El banco central subió los tipos de interés por tercera vez este año.",
           "Los bomberos tardaron seis horas en controlar el incendio del almacén.",
           "El ayuntamiento aprobó un presupuesto de 12 millones para reparar las carreteras."],
    "it": ["Secondo la protezione civile, circa 2.000 persone sono state evacuate dalle loro case.",
           "Il governo ha stanziato 25 milioni di euro per la ricostruzione dei ponti crollati.",
           "La polizia ha arrestato tre uomini dopo gli scontri davanti allo stadio.",
           "Il consiglio comunale ha approvato il nuovo piano per il trasporto pubblico."],
    "pt": ["Pelo menos 30 pessoas morreram nos deslizamentos de terra, segundo os bombeiros.",
           "O governo anunciou um pacote de ajuda de 40 milhões de reais para as cidades afetadas.",
           "A polícia informou que 12 suspeitos foram detidos durante a operação desta manhã.",
           "Os professores da rede estadual decidiram manter a greve por mais uma semana."],
    "nl": ["Volgens de politie zijn zondag 23 mensen aangehouden na de rellen bij het stadion.",
           "Het kabinet trekt 300 miljoen euro uit voor de versterking van de dijken.",
           "De brandweer was zes uur bezig om het vuur in de loods onder controle te krijgen.",
           "De gemeenteraad stemde in met de sluiting van de oude kolencentrale."],
    "ru": ["По данным полиции, в воскресенье после беспорядков были задержаны 23 человека.",
           "Правительство выделило 25 миллионов рублей на восстановление пострадавших районов.",
           "Пожарные потушили возгорание на складе через шесть часов после начала пожара.",
           "Городской совет проголосовал за закрытие старой угольной электростанции."],
    "ar": ["قالت الشرطة إنها اعتقلت 23 شخصا بعد الاشتباكات التي وقعت خارج الملعب يوم الأحد.",
           "أعلنت وزارة الصحة تسجيل 318 إصابة جديدة بالحصبة خلال الشهر الماضي.",
           "لقي ما لا يقل عن 14 شخصا حتفهم عندما فاض النهر على ضفتيه بحسب المسؤولين.",
           "رفع البنك المركزي سعر الفائدة الرئيسي للمرة الثالثة هذا العام."],
    "hi": ["पुलिस ने कहा कि रविवार को स्टेडियम के बाहर हुई झड़प के बाद 23 लोगों को गिरफ्तार किया गया।",
           "स्वास्थ्य मंत्रालय ने बताया कि पिछले महीने खसरे के 318 नए मामले दर्ज किए गए।",
           "अधिकारियों के अनुसार नदी में आई बाढ़ में कम से कम 14 लोगों की मौत हो गई।",
           "केंद्रीय बैंक ने इस साल तीसरी बार ब्याज दर बढ़ाने का फैसला किया।"],
    "zh": ["警方表示，周日体育场外发生冲突后，共有23人被逮捕。",
           "卫生部报告说，上个月该省新增麻疹病例318例。",
           "官员说，河水决堤造成至少14人死亡，两千多人被迫撤离。",
           "中央银行周四将主要利率上调了四分之一个百分点。"],
    "ja": ["警察によると、日曜日にスタジアムの外で起きた衝突の後、23人が逮捕された。",
           "保健省は、先月県内で新たに318人のはしか患者が確認されたと発表した。",
           "当局によると、川の氾濫で少なくとも14人が死亡し、約二千人が避難した。",
           "中央銀行は木曜日、政策金利を0.25ポイント引き上げると発表した。"],
}

ARTICLE = " ".join(SENTENCES["en"] * 12)[:4000]


def detectors() -> dict[str, tuple[Callable[[], object], Callable[[str], str | None]]]:
    """name -> (load the model, classify one text -> ISO 639-1 or None)."""
    from facttrack.readers.language import _identifier, detect

    found: dict[str, tuple[Callable[[], object], Callable[[str], str | None]]] = {
        "py3langid (facttrack)": (_identifier, detect)}
    try:
        from lingua import LanguageDetectorBuilder

        holder: list[object] = []

        def load() -> object:
            if not holder:
                holder.append(LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build())
            return holder[0]

        def classify(text: str) -> str | None:
            language = load().detect_language_of(text[:2000])  # type: ignore[attr-defined]
            return language.iso_code_639_1.name.lower() if language is not None else None

        found["lingua (all languages)"] = (load, classify)
    except ImportError:
        pass
    return found


def main() -> int:
    total = sum(len(v) for v in SENTENCES.values())
    print(f"{total} sentences in {len(SENTENCES)} languages ({', '.join(SENTENCES)})")
    for name, (load, classify) in detectors().items():
        start = time.perf_counter()
        load()
        loaded = time.perf_counter() - start
        right = 0
        wrong: list[str] = []
        for language, sentences in SENTENCES.items():
            for sentence in sentences:
                got = classify(sentence)
                if got == language:
                    right += 1
                else:
                    wrong.append(f"{language}->{got or 'unsure'}")
        times = []
        for _ in range(50):
            start = time.perf_counter()
            classify(ARTICLE)
            times.append(time.perf_counter() - start)
        print(f"{name:<24} accuracy {right}/{total} = {right / total:.3f}; per article "
              f"{statistics.median(times) * 1000:.2f} ms (median of 50); model load {loaded:.2f} s")
        if wrong:
            print(f"{'':<24} missed: {', '.join(wrong)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
