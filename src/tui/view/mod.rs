//! `render`: draws the model. Pure: reads the model, the theme and the keymap (for help
//! and hints) and writes the frame; it never changes state except scroll offsets kept in
//! `Cell`s so the selection stays visible.

mod automation;
mod chrome;
mod detail;
mod duplicates;
mod form;
mod help;
mod kanban;
mod menu;
mod picker;
mod queue;
mod reports;
mod table;
pub mod text;
mod ticket_detail;
mod tickets;
mod timeline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear};

use super::action::Screen;
use super::keymap::Keymap;
use super::layer::Layer;
use super::model::Model;
use super::theme::Theme;

/// The smallest terminal that gets the real interface.
pub const MIN_SIZE: (u16, u16) = (30, 8);
/// The size from which the home screen shows several panes.
pub const WIDE: (u16, u16) = (160, 40);

/// What views draw with.
pub struct Ctx<'a> {
    /// The state.
    pub m: &'a Model,
    /// Styles.
    pub theme: &'a Theme,
    /// Keys, for help and hints.
    pub keymap: &'a Keymap,
}

impl Ctx<'_> {
    /// The style of a role.
    pub fn style(&self, role: &str) -> Style {
        self.theme.style(role)
    }

    /// A bordered block, highlighted when focused.
    pub fn block(&self, title: String, focused: bool) -> Block<'static> {
        let border = if focused {
            self.style("border.focus")
        } else {
            self.style("border")
        };
        let title_style = if focused {
            self.style("title")
        } else {
            self.style("text")
        };
        let marker = if focused { "▸ " } else { "" };
        Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(ratatui::text::Span::styled(
                format!("{marker}{title}"),
                title_style,
            ))
    }
}

/// Draws the whole screen.
pub fn render(m: &Model, theme: &Theme, keymap: &Keymap, frame: &mut Frame) {
    let area = frame.area();
    let cx = Ctx { m, theme, keymap };
    frame.buffer_mut().set_style(area, cx.style("text"));
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let buf = frame.buffer_mut();
        text::put(
            buf,
            area,
            0,
            0,
            "terminal too small",
            cx.style("status.error"),
        );
        text::put(
            buf,
            area,
            1,
            0,
            &format!("need {}x{}", MIN_SIZE.0, MIN_SIZE.1),
            cx.style("text"),
        );
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(&cx, frame, tabs);
    chrome::status(&cx, frame, status);
    if m.data.is_empty() && m.layers.is_empty() {
        chrome::welcome(&cx, frame, body);
    } else if m.wide && !m.zoom {
        home(&cx, frame, body);
    } else {
        pane(&cx, frame, body, m.screen, true);
    }
    for layer in &m.layers {
        match layer {
            Layer::Detail(d) => {
                frame.render_widget(Clear, body);
                detail::render(&cx, frame, body, d);
            }
            Layer::Form(f) => form::render(&cx, frame, body, f),
            Layer::Prompt(p) => form::prompt(&cx, frame, body, p),
            Layer::Menu(menu) => menu::render(&cx, frame, body, menu),
            Layer::Picker(p) => picker::render(&cx, frame, body, p),
            Layer::Help { scroll } => help::render(&cx, frame, body, *scroll),
            Layer::Output {
                title,
                text,
                scroll,
            } => help::output(&cx, frame, body, title, text, *scroll),
        }
    }
}

fn home(cx: &Ctx, frame: &mut Frame, body: Rect) {
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    let [left, mid, right] = Layout::horizontal([
        Constraint::Percentage(38),
        Constraint::Percentage(34),
        Constraint::Percentage(28),
    ])
    .areas(bottom);
    let s = cx.m.screen;
    if s.whole_body() {
        // These screens want the whole body, even on a wide terminal.
        pane(cx, frame, body, s, true);
        return;
    }
    pane(cx, frame, top, Screen::Pipeline, s == Screen::Pipeline);
    let table = if s == Screen::Companies {
        Screen::Companies
    } else {
        Screen::Contacts
    };
    pane(cx, frame, left, table, s == table);
    pane(cx, frame, mid, Screen::Timeline, s == Screen::Timeline);
    pane(cx, frame, right, Screen::Today, s == Screen::Today);
}

fn pane(cx: &Ctx, frame: &mut Frame, area: Rect, screen: Screen, focused: bool) {
    match screen {
        Screen::Pipeline => kanban::render(cx, frame, area, focused),
        Screen::Contacts => table::render(cx, frame, area, &cx.m.contacts, focused),
        Screen::Companies => table::render(cx, frame, area, &cx.m.companies, focused),
        Screen::Today => queue::render(cx, frame, area, focused),
        Screen::Timeline => timeline::render(cx, frame, area, focused),
        Screen::Reports => reports::render(cx, frame, area, focused),
        Screen::Automation => automation::render(cx, frame, area, focused),
        Screen::Duplicates => duplicates::render(cx, frame, area, focused),
        Screen::Tickets => tickets::render(cx, frame, area, focused),
    }
}

/// A rectangle of `w` x `h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
