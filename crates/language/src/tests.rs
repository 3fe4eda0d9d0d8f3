//! The stage's behaviour, through `detect` and the stage.

use enricher_contracts::{LanguageInfo, UndReason};

use super::*;
use crate::codes::primary_subtag;

fn detect(text: &str, declared: Option<&str>) -> LanguageInfo {
    LanguageStage::default().detect(text, declared)
}

fn allowing(codes: &[&str]) -> LanguageStage {
    LanguageStage::new(LanguageSettings {
        allowed: codes.iter().map(|c| (*c).to_owned()).collect(),
        ..LanguageSettings::default()
    })
    .unwrap()
}

const NEWSROOM: &[&str] = &["en", "de", "fr", "es", "it", "pt", "ru", "zh", "ar", "ja"];

#[test]
fn english_news_text() {
    let info = detect(
        "Russian President Vladimir Putin and Chinese President Xi Jinping met Wednesday in Kazakhstan for the summit.",
        None,
    );
    assert_eq!(info.code, "en");
    assert_eq!(info.iso639_3.as_deref(), Some("eng"));
    assert_eq!(info.name.as_deref(), Some("English"));
    assert_eq!(info.script.as_deref(), Some("Latin"));
    assert!(info.reliable);
    assert!(info.confidence > 0.5);
}

#[test]
fn every_supported_language_is_a_bcp47_subtag_that_maps_back() {
    let supported = LanguageStage::supported();
    assert!(supported.len() >= 75, "{}", supported.len());
    for code in supported {
        assert!(code.len() == 2 || code.len() == 3, "{code}");
        assert_eq!(lang_of(code).as_deref(), Some(code.as_str()));
    }
    // whatlang's names for individual languages become the macrolanguage's code.
    assert_eq!(primary_subtag("cmn"), "zh");
    assert_eq!(primary_subtag("pes"), "fa");
    assert_eq!(lang_of("pt-BR").as_deref(), Some("pt"));
    assert_eq!(lang_of("deu").as_deref(), Some("de"));
    assert_eq!(lang_of("nob").as_deref(), Some("nb"));
    // Scripts the n-gram model does not cover still have whatlang's languages.
    assert_eq!(lang_of("km").as_deref(), Some("km"));
}

#[test]
fn empty_whitespace_markup_only_and_short_text_is_und_with_a_reason() {
    let info = detect("", None);
    assert_eq!(
        (info.code.as_str(), info.reason),
        ("und", Some(UndReason::Empty))
    );
    let info = detect("  \n\t 123 !!! ", Some("en"));
    assert_eq!(info.reason, Some(UndReason::Empty));
    assert_eq!(info.declared.as_deref(), Some("en"));
    // Markup-only HTML becomes empty text before this stage.
    let markup = enricher_text::html_to_text(
        "<div><img src=x><br/><script>var x = 'hidden text';</script></div>",
    );
    assert_eq!(detect(&markup, None).reason, Some(UndReason::Empty));
    let info = detect("Hey", None);
    assert_eq!(
        (info.code.as_str(), info.reason),
        ("und", Some(UndReason::TooShort))
    );
    assert_eq!(info.script.as_deref(), Some("Latin"));
    assert!(!info.reliable);
}

#[test]
fn confident_disagreement_with_the_cms_is_a_warning() {
    let stage = LanguageStage::default();
    let text = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan, um über die Zusammenarbeit zu sprechen.";
    let info = stage.detect(text, Some("en-GB"));
    assert_eq!(info.code, "de");
    let warning = stage.mismatch(&info).expect("a mismatch warning");
    assert_eq!(warning.code, "language_mismatch");
    assert!(warning.message.contains("`en-GB`"), "{}", warning.message);
    assert_eq!(stage.mismatch(&stage.detect(text, Some("de-AT"))), None);
    assert_eq!(stage.mismatch(&stage.detect(text, Some("deu"))), None);
}

#[test]
fn no_warning_for_undetermined_text() {
    let stage = LanguageStage::default();
    let info = stage.detect("Hi", Some("fr"));
    assert_eq!(stage.mismatch(&info), None);
}

#[test]
fn a_script_of_its_own_outside_the_list_is_und_not_forced() {
    let stage = allowing(NEWSROOM);
    for text in [
        "Η Ελλάδα είναι μια χώρα στη νοτιοανατολική Ευρώπη με πλούσια ιστορία.",
        "한국은 동아시아에 위치한 나라로 오랜 역사를 가지고 있습니다.",
        "ประเทศไทยเป็นประเทศในเอเชียตะวันออกเฉียงใต้ที่มีประวัติศาสตร์ยาวนาน",
        "Հայաստանը երկիր է Հարավային Կովկասում, որն ունի հարուստ պատմություն։",
    ] {
        let info = stage.detect(text, None);
        assert_eq!(info.code, "und", "{text}");
        assert_eq!(info.reason, Some(UndReason::NotAllowed));
        assert!(info.hint.is_some(), "the best guess is kept as a hint");
        assert!(!info.reliable);
    }
}

#[test]
fn a_clear_out_of_list_language_in_an_allowed_script_is_und_with_a_hint() {
    let stage = allowing(&["en", "de"]);
    let info = stage.detect(
        "El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para hablar de la cooperación regional.",
        None,
    );
    assert_eq!(info.code, "und");
    assert_eq!(info.reason, Some(UndReason::NotAllowed));
    assert_eq!(info.hint.as_ref().map(|h| h.code.as_str()), Some("es"));
}

#[test]
fn close_pairs_are_told_apart_within_the_list() {
    let stage = allowing(NEWSROOM);
    let pt = stage.detect("O presidente russo reuniu-se na quarta-feira com o presidente chinês no Cazaquistão para discutir a cooperação.", None);
    assert_eq!(pt.code, "pt");
    let es = stage.detect("El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para discutir la cooperación.", None);
    assert_eq!(es.code, "es");
    let ru = stage.detect("Президент России встретился в среду с председателем Китая в Казахстане, чтобы обсудить сотрудничество.", None);
    assert_eq!(ru.code, "ru");
}

#[test]
fn close_pairs_outside_whatlangs_reach_are_told_apart() {
    let stage = LanguageStage::default();
    for (code, text) in [
        ("uk", "Президент України зустрівся в середу з головою Китаю, щоб обговорити співпрацю між країнами."),
        ("bg", "Президентът на България се срещна в сряда с председателя на Китай, за да обсъдят сътрудничеството."),
        ("ru", "Президент России встретился в среду с председателем Китая, чтобы обсудить сотрудничество между странами."),
        ("ca", "El president rus es va reunir dimecres amb el president xinès al Kazakhstan per parlar de la cooperació."),
        ("es", "El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para hablar de la cooperación."),
        ("fa", "رئیس جمهور روسیه روز چهارشنبه با رئیس جمهور چین در قزاقستان دیدار کرد تا درباره همکاری گفتگو کنند."),
        ("ur", "روس کے صدر نے بدھ کے روز قازقستان میں چین کے صدر سے ملاقات کی تاکہ تعاون پر بات کی جا سکے۔"),
        ("ar", "التقى الرئيس الروسي يوم الأربعاء بالرئيس الصيني في كازاخستان لبحث التعاون بين البلدين."),
        ("ja", "東京都は今年度の予算案を発表し、防災対策に重点を置くことを明らかにした。"),
        ("zh", "中国国家主席周三在哈萨克斯坦会见了俄罗斯总统，双方讨论了地区合作问题。"),
    ] {
        let info = stage.detect(text, None);
        assert_eq!(info.code, code, "{text}: {info:?}");
        assert!(info.reliable, "{text}: {info:?}");
    }
}

#[test]
fn languages_whatlang_never_knew_are_detected() {
    let stage = LanguageStage::default();
    for (code, text) in [
        ("bs", "Predsjedništvo Bosne i Hercegovine danas je u Sarajevu razgovaralo o reformama i evropskom putu zemlje."),
        ("eu", "Eusko Jaurlaritzak gaur aurkeztu du datorren urterako aurrekontua, hezkuntza eta osasuna lehenetsiz."),
        ("ga", "Bhí cruinniú ag an Rialtas inniu chun plean nua don tithíocht agus don oideachas a phlé sa tír."),
        ("is", "Ríkisstjórnin kynnti í dag nýja áætlun um húsnæðismál og menntun fyrir næstu fjögur árin."),
    ] {
        let info = stage.detect(text, None);
        assert_eq!(info.code, code, "{text}: {info:?}");
    }
}

#[test]
fn an_out_of_list_language_in_the_same_script_is_und_even_when_close() {
    // Catalan is close to Spanish; Ukrainian to Russian: neither is forced into the list.
    let stage = allowing(NEWSROOM);
    for (hint, text) in [
        ("ca", "El Govern de la Generalitat ha aprovat avui el pressupost per a l'any vinent, amb més diners per a l'educació i la sanitat."),
        ("uk", "Уряд України сьогодні затвердив бюджет на наступний рік, у якому більше коштів передбачено на освіту та охорону здоров'я."),
    ] {
        let info = stage.detect(text, None);
        assert_eq!(info.code, "und", "{text}: {info:?}");
        assert_eq!(info.reason, Some(UndReason::NotAllowed));
        assert_eq!(info.hint.as_ref().map(|h| h.code.as_str()), Some(hint));
    }
}

#[test]
fn a_paragraph_in_another_script_is_reported_too() {
    let stage = LanguageStage::default();
    let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                Президент заявил, что сотрудничество между странами региона имеет решающее значение для безопасности.\n\
                Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
    let info = stage.detect(text, Some("en"));
    assert_eq!(info.code, "en");
    assert_eq!(info.script.as_deref(), Some("Latin"));
    let codes: Vec<&str> = info.others.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["ru"], "{:?}", info.others);
    // Where the Russian paragraph is: char offsets, as mentions have them.
    let [[start, end]] = info.others[0].paragraphs[..] else {
        panic!("one Russian paragraph: {:?}", info.others)
    };
    let paragraph: String = text.chars().skip(start).take(end - start).collect();
    assert!(paragraph.starts_with("Президент заявил"), "{paragraph}");
    assert!(paragraph.ends_with("безопасности."), "{paragraph}");
}

#[test]
fn a_paragraph_in_a_script_only_whatlang_knows_is_reported_too() {
    let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                ព្រះរាជាណាចក្រកម្ពុជាគឺជាប្រទេសមួយនៅអាស៊ីអាគ្នេយ៍ដែលមានប្រវត្តិសាស្ត្រយូរលង់ណាស់មកហើយ។\n\
                Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
    let info = detect(text, Some("en"));
    assert_eq!(info.code, "en");
    let codes: Vec<&str> = info.others.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["km"], "{:?}", info.others);
    // And alone, whatlang answers for the whole text.
    let khmer = detect(
        "ព្រះរាជាណាចក្រកម្ពុជាគឺជាប្រទេសមួយនៅអាស៊ីអាគ្នេយ៍ដែលមានប្រវត្តិសាស្ត្រយូរលង់ណាស់មកហើយ។",
        None,
    );
    assert_eq!(khmer.code, "km");
    assert_eq!(khmer.script.as_deref(), Some("Khmer"));
}

#[test]
fn title_and_body_are_weighed_by_their_letters() {
    // An English headline over a German article: the article is German, the headline is
    // too short a share of the letters to be listed.
    let text = "Putin meets Xi in Astana\n\n\
                Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan. \
                Die beiden sprachen über die Zusammenarbeit ihrer Länder und über die Sicherheit in der Region. \
                Beobachter sagten, das Treffen zeige, wie eng die Beziehungen inzwischen geworden seien.";
    let info = detect(text, Some("de"));
    assert_eq!(info.code, "de");
    assert!(info.reliable);
    assert!(info.others.is_empty(), "{:?}", info.others);
}

#[test]
fn a_quoted_paragraph_in_another_language_is_reported_with_its_share() {
    let stage = allowing(NEWSROOM);
    let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                Der Präsident sagte, die Zusammenarbeit sei für die Sicherheit der ganzen Region von entscheidender Bedeutung.\n\
                Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
    let info = stage.detect(text, Some("en"));
    assert_eq!(info.code, "en");
    assert_eq!(info.others.len(), 1, "{:?}", info.others);
    assert_eq!(info.others[0].code, "de");
    let share = info.others[0].share.unwrap();
    assert!(share > 0.2 && share < 0.5, "{share}");
}

#[test]
fn the_declared_language_settles_an_unsure_detection() {
    let stage = allowing(&["da", "nb"]);
    // The same words in Danish and Norwegian Bokmål.
    let text = "Det er en god dag for alle";
    let undeclared = stage.detect(text, None);
    assert!(
        !undeclared.reliable,
        "a short Danish/Norwegian sentence is a toss-up: {undeclared:?}"
    );
    assert_eq!(stage.detect(text, Some("nb")).code, "nb");
    assert_eq!(stage.detect(text, Some("da")).code, "da");
    // A clear reading of the text overrules the declaration, even in a short text: the
    // declaration is a prior, not an override of every unsure answer.
    let german = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan.";
    assert_eq!(
        allowing(&["de", "nl"]).detect(german, Some("nl")).code,
        "de"
    );
    let stage = LanguageStage::default();
    for (text, declared, reads_as) in [
        ("Buenos días", "fi", "es"),
        ("Gracias por todo", "de", "es"),
        ("Danke schön", "fi", "de"),
    ] {
        let undeclared = stage.detect(text, None);
        assert!(!undeclared.reliable, "short, so unsure: {undeclared:?}");
        let info = stage.detect(text, Some(declared));
        assert_eq!(info.code, reads_as, "{text}: {info:?}");
    }
}

#[test]
fn names_numbers_and_codes_are_no_evidence_of_a_language() {
    let stage = LanguageStage::default();
    for text in [
        "Maria Lopez, 31, Porto Alegre RS",
        "Kessler Holdings $ 4,200,000",
        "292 Ian Pyke 71 75 75 71, David Gill 69 74 77 72, Peter Holm (Sweden) 70 75 75 72",
        "Given, Breen, Staunton, Irwin, McAteer, Harte, Houghton, Townsend, Quinn.",
    ] {
        let info = stage.detect(text, None);
        assert!(!info.reliable, "{text}: {info:?}");
    }
    // A lede full of names still reads as English: its plain words agree.
    let lede = "Russian President Vladimir Putin and Chinese President Xi Jinping met Wednesday in Kazakhstan for the summit.";
    assert!(stage.detect(lede, None).reliable);
}

#[test]
fn the_script_is_that_of_the_plain_words_not_of_the_names() {
    let stage = LanguageStage::default();
    let text = "Поддерживает Oracle, Sybase, Microsoft SQL Server, DB2 и другие базы данных.";
    let info = stage.detect(text, None);
    assert_eq!(info.script.as_deref(), Some("Cyrillic"), "{info:?}");
    assert_eq!(info.code, "ru", "{info:?}");
}

#[test]
fn languages_written_almost_alike_need_a_wide_margin_to_be_reliable() {
    let stage = LanguageStage::default();
    for (group, text) in [
        (
            &["ms", "id"][..],
            "Pemerintah akan membangun jalan baru di kota itu pada tahun depan.",
        ),
        (
            &["bs", "hr", "sr"][..],
            "Vlada je danas usvojila novi zakon o radu i zapošljavanju.",
        ),
        (
            &["nb", "nn"][..],
            "Kommunen har bestemt at skolen skal bygges i sentrum.",
        ),
    ] {
        let info = stage.detect(text, None);
        assert!(group.contains(&info.code.as_str()), "{text}: {info:?}");
        assert!(!info.reliable, "{text}: {info:?}");
    }
    // A paragraph of clear Nynorsk is still reliable (one sentence is not: the margin grows
    // with the text), and so is a sentence in a language with no close neighbour.
    let nynorsk = "Eg veit ikkje kva dei har tenkt å gjere med skulen, men ho sa at kommunen ikkje har pengar til det. \
                   Foreldra meiner at borna fortener betre, og dei vil ha svar frå politikarane før hausten. \
                   No ventar alle på kva som skjer når kommunestyret møtest neste veke.";
    let info = stage.detect(nynorsk, None);
    assert_eq!(
        (info.code.as_str(), info.reliable),
        ("nn", true),
        "{info:?}"
    );
    let german = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan.";
    assert!(stage.detect(german, None).reliable);
}

#[test]
fn an_unknown_allowed_language_is_a_configuration_error() {
    let err = LanguageStage::new(LanguageSettings {
        allowed: vec!["en".into(), "klingon".into()],
        ..LanguageSettings::default()
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "language.allowed: `klingon` is not a language the detector supports"
    );
    // whatlang knew these, but their scripts are the model's and the model does not know
    // them (docs/contracts.md says so).
    for code in ["ak", "jv", "ne", "tk", "uz", "yi"] {
        assert!(!LanguageStage::supported().iter().any(|s| s == code));
        assert!(LanguageStage::new(LanguageSettings {
            allowed: vec![code.into()],
            ..LanguageSettings::default()
        })
        .is_err());
    }
    // Their neighbours in script are supported.
    for code in ["hi", "mr", "he", "id", "tr", "km", "si", "am"] {
        assert!(
            LanguageStage::supported().iter().any(|s| s == code),
            "{code}"
        );
    }
}
