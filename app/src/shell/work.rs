//! The navigation's badges (what waits for the viewer: timesheets, requests) count again after
//! the viewer decides something: pages bump this tick, the navigation refetches on it.
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct WorkTick(RwSignal<u32>);

impl WorkTick {
    /// In the signed-in layout.
    pub fn provide() {
        provide_context(WorkTick(RwSignal::new(0)));
    }

    /// Read while rendering: a function that tracks the tick (as a resource's source).
    pub fn tracker() -> impl Fn() -> u32 + Copy + Send + Sync + 'static {
        let tick = use_context::<WorkTick>().map(|w| w.0);
        move || tick.map_or(0, |t| t.get())
    }

    /// Read while rendering (a task spawned later has no context to find it in): a function
    /// that bumps the tick. A page without the layout (a link page) has none; it does nothing.
    pub fn bumper() -> impl Fn() + Copy + Send + Sync + 'static {
        let tick = use_context::<WorkTick>().map(|w| w.0);
        move || {
            if let Some(t) = tick {
                t.try_update(|n| *n += 1);
            }
        }
    }
}
