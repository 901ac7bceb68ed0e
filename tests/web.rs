//! Browser tests of the app's components (wasm-bindgen-test in headless Chromium): mount the
//! app, act on the DOM as a learner would, and check what the DOM shows.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

async fn mount() -> (yew::AppHandle<kumo::App>, Element) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
    // A failed test cannot clean up after itself (panics abort in wasm): clear what is left.
    let stale = document().query_selector_all(".test-root").expect("query");
    for i in 0..stale.length() {
        if let Some(n) = stale.item(i)
            && let Some(parent) = n.parent_node()
        {
            let _ = parent.remove_child(&n);
        }
    }
    let root = document().create_element("div").expect("div");
    root.set_class_name("test-root");
    document().body().expect("body").append_child(&root).expect("append");
    let handle = yew::Renderer::<kumo::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    (handle, root)
}

fn by_id(id: &str) -> HtmlElement {
    document().get_element_by_id(id).unwrap_or_else(|| panic!("#{id}")).dyn_into().expect("html element")
}

fn text(id: &str) -> String {
    by_id(id).text_content().unwrap_or_default()
}

async fn type_into(id: &str, value: &str) {
    let input: HtmlInputElement = by_id(id).dyn_into().expect("input");
    input.set_value(value);
    let ev = web_sys::InputEvent::new("input").expect("event");
    input.dispatch_event(&ev).expect("dispatch");
    yew::scheduler::flush().await;
}

async fn press_enter(id: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    by_id(id).dispatch_event(&ev).expect("dispatch");
    yew::scheduler::flush().await;
}

async fn click(id: &str) {
    by_id(id).click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn launching_from_the_form_adds_a_pending_row_and_echoes_the_cli() {
    let (handle, root) = mount().await;
    assert!(text("instances-empty").contains("No instances"));
    type_into("launch-name", "web").await;
    click("launch-submit").await;
    let table = text("instances-table");
    assert!(table.contains("web") && table.contains("pending"), "{table}");
    let scroll = text("scrollback");
    assert!(scroll.contains("$ aws ec2 run-instances --image-id ami-"), "{scroll}");
    assert!(scroll.contains("Value=web"), "{scroll}");
    // Skipping to the next event boots it.
    click("next-event").await;
    assert!(text("instances-table").contains("running"));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn terminal_runs_aws_and_sim_lines_with_history() {
    let (handle, root) = mount().await;
    type_into("terminal-input", "aws ec2 describe-regions --output text").await;
    press_enter("terminal-input").await;
    let scroll = text("scrollback");
    assert!(scroll.contains("REGIONS\tec2.ap-northeast-1.amazonaws.com"), "{scroll}");
    type_into("terminal-input", "sim advance 90s").await;
    press_enter("terminal-input").await;
    assert!(text("clock").contains("2026-04-01 00:01:30"), "{}", text("clock"));
    // ↑ brings back the last line.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowUp");
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    by_id("terminal-input").dispatch_event(&ev).expect("dispatch");
    yew::scheduler::flush().await;
    let input: HtmlInputElement = by_id("terminal-input").dyn_into().expect("input");
    assert_eq!(input.value(), "sim advance 90s");
    type_into("terminal-input", "clear").await;
    press_enter("terminal-input").await;
    assert!(!text("scrollback").contains("REGIONS"));
    handle.destroy();
    root.remove();
}

/// A modelled service parses from the page's embedded parsing copy of its model, before the
/// documented model has been fetched: SNS, STS and IAM lines work at once.
#[wasm_bindgen_test]
async fn modelled_services_parse_in_the_page() {
    let (handle, root) = mount().await;
    for line in [
        "aws sns create-topic --name ops --attributes DisplayName=Ops",
        "aws sns subscribe --topic-arn arn:aws:sns:us-east-1:123456789012:ops --protocol email --notification-endpoint a@example.com",
        "aws sns list-subscriptions --query 'Subscriptions[].Endpoint' --output text",
        "aws sts get-caller-identity --query Arn --output text",
        "aws iam create-service-linked-role --aws-service-name config.amazonaws.com --query Role.RoleName --output text",
    ] {
        type_into("terminal-input", line).await;
        press_enter("terminal-input").await;
    }
    let scroll = text("scrollback");
    for want in [
        "\"TopicArn\": \"arn:aws:sns:us-east-1:123456789012:ops\"",
        "\"SubscriptionArn\": \"pending confirmation\"",
        "a@example.com",
        "arn:aws:iam::123456789012:user/learner",
        "AWSServiceRoleForConfig",
    ] {
        assert!(scroll.contains(want), "{want} missing from:\n{scroll}");
    }
    handle.destroy();
    root.remove();
}
#[wasm_bindgen_test]
async fn language_switch_shows_japanese_labels() {
    let (handle, root) = mount().await;
    click("lang-ja").await;
    let html = root.text_content().unwrap_or_default();
    assert!(html.contains("リージョン") && html.contains("インスタンスを起動"), "{html}");
    click("lang-en").await;
    assert!(root.text_content().unwrap_or_default().contains("Launch an instance"));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn names_are_shown_as_text_never_as_html() {
    let (handle, root) = mount().await;
    let evil = "<img src=x onerror=alert(1)>";
    type_into("launch-name", evil).await;
    click("launch-submit").await;
    let table = by_id("instances-table");
    assert!(table.text_content().unwrap_or_default().contains(evil));
    assert!(table.query_selector("img").expect("query").is_none(), "markup was interpreted");
    assert!(by_id("scrollback").query_selector("img").expect("query").is_none());
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn stop_needs_running_and_errors_show_awss_code() {
    let (handle, root) = mount().await;
    type_into("launch-name", "api").await;
    click("launch-submit").await;
    let checkbox: HtmlInputElement = document()
        .query_selector("#instances-table input.select")
        .expect("query")
        .expect("checkbox")
        .dyn_into()
        .expect("input");
    checkbox.click();
    yew::scheduler::flush().await;
    click("btn-stop").await;
    let notice = text("notice");
    assert!(notice.contains("IncorrectInstanceState"), "{notice}");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn key_pairs_page_creates_and_offers_the_private_key_once() {
    let (handle, root) = mount().await;
    click("nav-key-pairs").await;
    assert!(text("key-pairs-empty").contains("No key pairs"));
    type_into("key-name", "deploy").await;
    click("key-create").await;
    assert!(text("new-key").contains("-----BEGIN RSA PRIVATE KEY-----"));
    let table = text("key-pairs-table");
    assert!(table.contains("deploy") && table.contains("rsa"), "{table}");
    assert!(text("scrollback").contains("$ aws ec2 create-key-pair --key-name deploy"));
    // The launch form now offers the key.
    click("nav-instances").await;
    let options = text("launch-key");
    assert!(options.contains("deploy"), "{options}");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn volumes_page_creates_attaches_and_echoes_the_cli() {
    let (handle, root) = mount().await;
    // An instance in us-east-1a to attach to.
    let zone: web_sys::HtmlSelectElement = by_id("launch-az").dyn_into().expect("select");
    zone.set_value("us-east-1a");
    zone.dispatch_event(&web_sys::Event::new("change").expect("event")).expect("dispatch");
    yew::scheduler::flush().await;
    type_into("launch-name", "db").await;
    click("launch-submit").await;
    click("next-event").await;
    click("nav-volumes").await;
    assert!(text("volumes-table").contains("in-use"), "the instance's root volume is listed");
    type_into("vol-name", "data").await;
    click("vol-create").await;
    let table = text("volumes-table");
    assert!(table.contains("data") && table.contains("creating"), "{table}");
    assert!(
        text("scrollback")
            .contains("$ aws ec2 create-volume --availability-zone us-east-1a --size 8 --volume-type gp3")
    );
    click("next-event").await;
    assert!(text("volumes-table").contains("available"));
    let radio: HtmlInputElement = document()
        .query_selector("#volumes-table input.select")
        .expect("query")
        .expect("radio")
        .dyn_into()
        .expect("input");
    radio.click();
    yew::scheduler::flush().await;
    let options = text("attach-instance");
    assert!(options.contains("db"), "{options}");
    handle.destroy();
    root.remove();
}
