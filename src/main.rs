//! Entry point of the browser app.

fn main() {
    yew::Renderer::<kumo::App>::new().render();
}
