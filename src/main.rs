//! Entry point of the browser app: the whole console, or one embeddable widget (`?widget=`).

fn main() {
    if kumo::widget::requested().is_some() {
        yew::Renderer::<kumo::widget::WidgetApp>::new().render();
    } else {
        yew::Renderer::<kumo::App>::new().render();
    }
}
