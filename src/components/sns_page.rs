//! The SNS page: topics (create, delete), email subscriptions (subscribe, unsubscribe), a
//! publish form, and the sandbox's inbox, where confirmation mails and notifications land
//! and a subscription is confirmed from its mail as from a real one.

use kumo_sim::Command;
use kumo_sim::sns::{Mail, Request, Subscription, Topic, api};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub region: String,
    pub topics: Vec<Topic>,
    pub subscriptions: Vec<Subscription>,
    pub mail: Vec<Mail>,
    pub notice: Option<String>,
    pub on_action: Callback<Action>,
}

fn input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

fn select(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

#[component(SnsPage)]
pub fn sns_page(props: &Props) -> Html {
    let lang = props.lang;
    let on = props.on_action.clone();
    let name = use_state(String::new);
    let display = use_state(String::new);
    let sub_topic = use_state(String::new);
    let email = use_state(|| "learner@example.com".to_string());
    let pub_topic = use_state(String::new);
    let subject = use_state(String::new);
    let message = use_state(String::new);
    let open = use_state(|| None::<usize>);
    // A topic picker falls back to the first topic until one is chosen.
    let first = props.topics.first().map(|t| t.arn.clone()).unwrap_or_default();
    let chosen = |s: &UseStateHandle<String>| if s.is_empty() { first.clone() } else { (**s).clone() };
    let create = {
        let (name, display, on) = (name.clone(), display.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = display.trim().to_string();
            let attributes = (!d.is_empty()).then(|| [("DisplayName".to_string(), d)].into_iter().collect());
            on.emit(Action::Form(Command::Sns(Request::CreateTopic(api::CreateTopic {
                name: name.trim().to_string(),
                attributes,
            }))));
        })
    };
    let subscribe = {
        let (topic, email, on) = (chosen(&sub_topic), email.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(Action::Form(Command::Sns(Request::Subscribe(api::Subscribe {
                topic_arn: topic.clone(),
                protocol: "email".into(),
                endpoint: Some(email.trim().to_string()),
                return_subscription_arn: None,
            }))));
        })
    };
    let publish = {
        let (topic, subject, message, on) = (chosen(&pub_topic), subject.clone(), message.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let s = subject.trim().to_string();
            on.emit(Action::Form(Command::Sns(Request::Publish(api::Publish {
                topic_arn: Some(topic.clone()),
                message: (*message).clone(),
                subject: (!s.is_empty()).then_some(s),
            }))));
        })
    };
    let on_message = {
        let message = message.clone();
        Callback::from(move |e: InputEvent| message.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let topic_options = |state: &UseStateHandle<String>| {
        let current = chosen(state);
        props
            .topics
            .iter()
            .map(|t| html! { <option value={t.arn.clone()} selected={t.arn == current}>{ &t.name }</option> })
            .collect::<Html>()
    };
    let count = |arn: &str, confirmed: bool| {
        props.subscriptions.iter().filter(|s| s.topic_arn == arn && s.confirmed == confirmed).count()
    };
    html! {
        <>
            <section class="sns" id="sns-topics">
                <div class="toolbar">
                    <h2>{ tr(lang, "sns.topics") }{ format!(" ({}) · {}", props.topics.len(), props.region) }</h2>
                </div>
                { crate::components::notice(&props.notice) }
                if props.topics.is_empty() {
                    <p class="empty" id="topics-empty">{ tr(lang, "sns.no_topics") }</p>
                } else {
                    <div class="scroll-x"><table id="topics-table">
                        <thead><tr>
                            <th>{ tr(lang, "sns.col.name") }</th>
                            <th>{ "ARN" }</th>
                            <th>{ tr(lang, "sns.col.display") }</th>
                            <th>{ tr(lang, "sns.col.subscriptions") }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            { for props.topics.iter().map(|t| {
                                let delete = {
                                    let arn = t.arn.clone();
                                    on.reform(move |_: MouseEvent| Action::Form(Command::Sns(Request::DeleteTopic(api::TopicArn { topic_arn: arn.clone() }))))
                                };
                                html! { <tr data-name={t.name.clone()}>
                                    <td class="name">{ &t.name }</td>
                                    <td><code>{ &t.arn }</code></td>
                                    <td>{ if t.display_name.is_empty() { "–".to_string() } else { t.display_name.clone() } }</td>
                                    <td>{ tr(lang, "sns.counts").replace("{c}", &count(&t.arn, true).to_string()).replace("{p}", &count(&t.arn, false).to_string()) }</td>
                                    <td><button class="danger" onclick={delete}>{ tr(lang, "sns.delete") }</button></td>
                                </tr> }
                            }) }
                        </tbody>
                    </table></div>
                }
                <form class="inline-form" id="create-topic-form" onsubmit={create}>
                    <label>{ tr(lang, "sns.col.name") }<input id="topic-name" type="text" maxlength="256" value={(*name).clone()} oninput={input(&name)} /></label>
                    <label>{ tr(lang, "sns.col.display") }<input id="topic-display" type="text" maxlength="100" value={(*display).clone()} oninput={input(&display)} /></label>
                    <button id="topic-create" type="submit" class="primary">{ tr(lang, "sns.create") }</button>
                </form>
            </section>
            <section class="sns" id="sns-subscriptions">
                <h2>{ tr(lang, "sns.subscriptions") }</h2>
                if props.subscriptions.is_empty() {
                    <p class="empty">{ tr(lang, "sns.no_subscriptions") }</p>
                } else {
                    <div class="scroll-x"><table id="subscriptions-table">
                        <thead><tr>
                            <th>{ tr(lang, "sns.col.topic") }</th>
                            <th>{ tr(lang, "sns.col.protocol") }</th>
                            <th>{ tr(lang, "sns.col.endpoint") }</th>
                            <th>{ tr(lang, "sns.col.status") }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            { for props.subscriptions.iter().map(|s| {
                                let unsubscribe = {
                                    let arn = s.arn.clone();
                                    on.reform(move |_: MouseEvent| Action::Form(Command::Sns(Request::Unsubscribe(api::SubscriptionArn { subscription_arn: arn.clone() }))))
                                };
                                let topic = s.topic_arn.rsplit(':').next().unwrap_or_default().to_string();
                                html! { <tr>
                                    <td>{ topic }</td>
                                    <td>{ &s.protocol }</td>
                                    <td>{ &s.endpoint }</td>
                                    <td><code>{ s.listed_arn() }</code></td>
                                    <td>if s.confirmed { <button class="secondary" onclick={unsubscribe}>{ tr(lang, "sns.unsubscribe") }</button> }</td>
                                </tr> }
                            }) }
                        </tbody>
                    </table></div>
                }
                if !props.topics.is_empty() {
                    <form class="inline-form" id="subscribe-form" onsubmit={subscribe}>
                        <label>{ tr(lang, "sns.col.topic") }<select id="sub-topic" onchange={select(&sub_topic)}>{ topic_options(&sub_topic) }</select></label>
                        <label>{ tr(lang, "sns.email") }<input id="sub-email" type="email" value={(*email).clone()} oninput={input(&email)} /></label>
                        <button id="sub-create" type="submit" class="primary">{ tr(lang, "sns.subscribe") }</button>
                    </form>
                    <form class="inline-form" id="publish-form" onsubmit={publish}>
                        <label>{ tr(lang, "sns.col.topic") }<select id="pub-topic" onchange={select(&pub_topic)}>{ topic_options(&pub_topic) }</select></label>
                        <label>{ tr(lang, "sns.subject") }<input id="pub-subject" type="text" maxlength="100" value={(*subject).clone()} oninput={input(&subject)} /></label>
                        <label class="wide">{ tr(lang, "sns.message") }<textarea id="pub-message" rows="2" value={(*message).clone()} oninput={on_message} /></label>
                        <button id="pub-send" type="submit" class="primary">{ tr(lang, "sns.publish") }</button>
                    </form>
                }
            </section>
            <section class="sns sandbox-box" id="inbox">
                <h2>{ tr(lang, "sns.inbox") }{ format!(" ({})", props.mail.len()) }</h2>
                <small>{ tr(lang, "sns.inbox.hint") }</small>
                if props.mail.is_empty() {
                    <p class="empty">{ tr(lang, "sns.inbox.empty") }</p>
                } else {
                    <ul class="mail-list" id="mail-list">
                        { for props.mail.iter().enumerate().rev().map(|(n, m)| {
                            let (o, is_open) = (open.clone(), *open == Some(n));
                            let toggle = Callback::from(move |_: MouseEvent| o.set(if is_open { None } else { Some(n) }));
                            html! { <li class={classes!("mail", is_open.then_some("open"))}>
                                <button type="button" class="mail-head" onclick={toggle}>
                                    <span class="when">{ format::short_time(m.at) }</span>
                                    <span class="to">{ &m.to }</span>
                                    <strong class="subject">{ &m.subject }</strong>
                                </button>
                                if is_open {
                                    { mail_body(lang, m, &on) }
                                }
                            </li> }
                        }) }
                    </ul>
                }
            </section>
        </>
    }
}

/// An opened mail: headers, text, and for a confirmation the link as a button.
fn mail_body(lang: Lang, m: &Mail, on: &Callback<Action>) -> Html {
    let confirm = m.confirm.clone().map(|(topic_arn, token)| {
        on.reform(move |_: MouseEvent| {
            Action::Form(Command::Sns(Request::ConfirmSubscription(api::ConfirmSubscription {
                topic_arn: topic_arn.clone(),
                token: token.clone(),
            })))
        })
    });
    html! {
        <div class="mail-body">
            <p class="muted">{ tr(lang, "sns.mail.head").replace("{from}", &m.from).replace("{to}", &m.to).replace("{at}", &format::time(m.at)) }</p>
            <pre>{ &m.body }</pre>
            if let Some(confirm) = confirm {
                <button type="button" class="primary" id="mail-confirm" onclick={confirm}>{ tr(lang, "sns.confirm") }</button>
            }
        </div>
    }
}
