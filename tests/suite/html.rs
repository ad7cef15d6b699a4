//! `--format html`: the page of one submission (snapshot), learner text
//! escaped, hidden cases redacted, and a class's page in a real headless
//! Chromium: it loads without a console error, its heat map has a row per
//! learner, sorts, and a click on a cell opens that learner's report of
//! that challenge. (`merge.rs` renders it from partial JSON reports.)

use super::{challenge_repo, chromium, copy_tree, fixture, grade_in, HEADER};

/// The report itself, between `<body` and the page's script: the style
/// and script are the same constants in every report.
fn body(html: &str) -> &str {
    let start = html.find("<body").expect("a body");
    let end = html.rfind("<script>").expect("the script");
    &html[start..end]
}

#[test]
fn html_report_snapshot() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "html", "--output-cap", "300"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("<!DOCTYPE html>"), "{}", run.stdout);
    assert!(run.stdout.ends_with("</html>\n"));
    assert!(!run.stdout.contains("hidden-expected-9f3a"));
    crate::assert_stable_snapshot!("basic_html", body(&run.stdout));
}

#[test]
fn hidden_cases_show_no_value_unless_revealed() {
    let args = ["exercises/checks/values", "--format", "html"];
    let run = grade_in(&fixture("basic"), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Named, with its status, and nothing more.
    assert!(run.stdout.contains("hidden differs"), "{}", run.stdout);
    for secret in ["hidden-expected-9f3a", "add(10, 10)", "add(10, 20)"] {
        assert!(!run.stdout.contains(secret), "{secret} shown");
    }
    // A case that passed shows no code, revealed or not.
    let revealed = grade_in(&fixture("basic"), &[&args[..], &["--reveal"]].concat());
    for secret in ["hidden-expected-9f3a", "add(10, 10)"] {
        assert!(revealed.stdout.contains(secret), "{secret} not revealed");
    }
}

/// Every text a learner chooses (the folder name, the output, the values,
/// the exception message) and the instructor's too reach the page as text:
/// the page's one script is its own.
#[test]
fn learner_text_is_escaped() {
    let long: Vec<String> = (0..8)
        .map(|i| format!("'plain value number {i}'"))
        .collect();
    let spec = format!(
        "{HEADER}[[test]]\nname = \"<b>value</b>\"\nexpr = \"f()\"\nexpect = \"'plain'\"\n\n\
         [[test]]\nname = \"raises\"\nexpr = \"g()\"\nexpect = \"1\"\n\n\
         [[test]]\nname = \"diff\"\nexpr = \"[f()] * 8\"\nexpect = \"[{}]\"\n",
        long.join(", ")
    );
    let solution = "def f():\n    print(\"<script>alert('stdout')</script>\")\n    \
                    return \"<img src=x onerror=alert('value')>\"\n\n\
                    def g():\n    raise ValueError(\"</pre><script>alert('exception')</script>\")\n";
    let repo = challenge_repo("week1/hostile", &spec, solution);
    let class = tempfile::tempdir().expect("tempdir");
    let name = "<img src=x onerror=alert('name')> \"quoted\"";
    copy_tree(&repo.path().join("exercises"), &class.path().join(name));
    let run = grade_in(
        repo.path(),
        &[
            "--class",
            class.path().to_str().unwrap(),
            "--format",
            "html",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = &run.stdout;
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    for raw in ["<img", "<b>", "</pre><script", "onerror=alert('"] {
        assert!(!html.contains(raw), "{raw} unescaped in\n{html}");
    }
    for escaped in [
        "&lt;script&gt;alert(&#39;stdout&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(&#39;value&#39;)&gt;",
        "&lt;/pre&gt;&lt;script&gt;alert(&#39;exception&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(&#39;name&#39;)&gt; &quot;quoted&quot;",
        "&lt;b&gt;value&lt;/b&gt;",
        // A line of the diff.
        "<div class=\"ins\">+ &quot;&lt;img src=x onerror=alert(&#39;value&#39;)&gt;&quot;,</div>",
    ] {
        assert!(html.contains(escaped), "{escaped} missing from\n{html}");
    }
    assert!(
        html.contains("content=\"default-src 'none'; style-src 'sha256-"),
        "{html}"
    );
}

/// A class of five, one named as markup: the reference, the stubs, mixes.
fn class() -> tempfile::TempDir {
    let class = tempfile::tempdir().expect("tempdir");
    let basic = fixture("basic");
    for (learner, source) in [
        ("ada", "solutions"),
        ("bo", "exercises"),
        ("<img src=x onerror=alert(1)>", "exercises"),
    ] {
        copy_tree(&basic.join(source), &class.path().join(learner));
    }
    for (learner, from_reference) in [("cy", "checks"), ("di", "verdicts")] {
        let root = class.path().join(learner);
        copy_tree(&basic.join("exercises"), &root);
        copy_tree(
            &basic.join("solutions").join(from_reference),
            &root.join(from_reference),
        );
    }
    class
}

#[test]
fn a_class_report_works_in_a_headless_browser() {
    let Some(binary) = chromium::find() else {
        eprintln!(
            "skipped: no chromium on PATH (apt-get install chromium, or set GRADE_CHROMIUM) \
             to run the HTML report in a browser"
        );
        return;
    };
    let class = class();
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("class.html");
    let run = grade_in(
        &fixture("basic"),
        &[
            "exercises/checks",
            "exercises/verdicts/broken-syntax",
            "exercises/verdicts/custom-file",
            "--class",
            class.path().to_str().unwrap(),
            "--format",
            "html",
            "--output",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);

    let mut browser = chromium::Chromium::start(&binary);
    let mut page = browser.page();
    page.navigate(&format!("file://{}", report.display()));
    assert_eq!(page.errors(), Vec::<String>::new(), "errors while loading");
    // The learner named as markup is text: the page has its own script
    // and no image.
    assert_eq!(
        page.eval("[document.scripts.length, document.images.length]"),
        serde_json::json!([1, 0])
    );

    let names =
        page.eval("[...document.querySelectorAll('#heat tbody th.name')].map(e => e.textContent)");
    let mut names: Vec<String> = serde_json::from_value(names).unwrap();
    names.sort();
    assert_eq!(
        names,
        ["<img src=x onerror=alert(1)>", "ada", "bo", "cy", "di"]
    );
    assert_eq!(
        page.eval("[...document.querySelectorAll('#heat tbody tr')].map(r => r.cells.length)"),
        serde_json::json!([6, 6, 6, 6, 6]),
        "a name, four challenges and the total per row"
    );

    // The cell of cy (the stubs there) on the challenge that does not
    // compile.
    let cell = |page: &mut chromium::Page<'_>, learner: &str, challenge: &str| {
        let href = page.eval(&format!(
            "(() => {{ const row = [...document.querySelectorAll('#heat tbody tr')]
                 .find(r => r.cells[0].textContent === {learner:?});
               const col = [...document.querySelectorAll('#heat thead th')]
                 .findIndex(th => th.title.startsWith({challenge:?} + ':'));
               return row.cells[col].querySelector('a').getAttribute('href'); }})()"
        ));
        href.as_str().expect("a link in the cell").to_owned()
    };
    let visible = "[...document.querySelectorAll('main .challenge')]
        .filter(s => getComputedStyle(s).display !== 'none')
        .map(s => { const r = s.getBoundingClientRect();
                    return [s.id, s.querySelector('.who').textContent,
                            s.querySelector('h3').textContent,
                            r.width > 0 && r.height > 0 && r.left < innerWidth && r.top < innerHeight && r.bottom > 0,
                            s.textContent.includes('does not compile')]; })";
    assert_eq!(
        page.eval(visible),
        serde_json::json!([]),
        "no report open yet"
    );
    for (learner, compiles) in [("cy", false), ("ada", true)] {
        let href = cell(&mut page, learner, "verdicts/broken-syntax");
        page.click_on(&format!("#heat a[href=\"{href}\"]"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while page.eval("location.hash") != serde_json::json!(href) {
            assert!(
                std::time::Instant::now() < deadline,
                "the click did not open {href}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(
            page.eval(visible),
            serde_json::json!([[
                &href[1..],
                learner,
                "verdicts/broken-syntax",
                true,
                !compiles
            ]]),
            "{learner}'s report of verdicts/broken-syntax, alone and in view"
        );
    }
    page.click_on("main .challenge:target .close");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(page.eval(visible), serde_json::json!([]), "closed");

    // Sorting: totals highest first, then lowest first; names A to Z.
    let column = |page: &mut chromium::Page<'_>, index: &str| {
        page.eval(&format!(
            "[...document.querySelectorAll('#heat tbody tr')].map(r => r.cells[{index}])
               .map(c => c.hasAttribute('data-v') ? parseFloat(c.getAttribute('data-v')) : c.textContent)"
        ))
    };
    page.click_on("#heat thead th:last-child button");
    let totals: Vec<f64> = serde_json::from_value(column(&mut page, "r.cells.length - 1")).unwrap();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    assert!(totals[0] > totals[4], "{totals:?}");
    page.click_on("#heat thead th:last-child button");
    let totals: Vec<f64> = serde_json::from_value(column(&mut page, "r.cells.length - 1")).unwrap();
    assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
    page.click_on("#heat thead th:first-child button");
    assert_eq!(
        page.eval(
            "(() => { const n = [...document.querySelectorAll('#heat tbody th.name')].map(e => e.textContent);
                      return n.every((x, i) => i === 0 || n[i - 1].localeCompare(x) <= 0); })()"
        ),
        serde_json::json!(true)
    );
    // A cell still opens its own learner's report once the rows moved.
    let href = cell(&mut page, "di", "checks/values");
    page.click_on(&format!("#heat a[href=\"{href}\"]"));
    std::thread::sleep(std::time::Duration::from_millis(200));
    let open = page.eval(visible);
    assert_eq!(open[0][1], "di", "{open}");
    assert_eq!(open[0][2], "checks/values", "{open}");
    assert_eq!(page.errors(), Vec::<String>::new(), "errors while clicking");
}
