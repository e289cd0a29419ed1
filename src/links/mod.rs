//! The topic graph: which note each link names ([`resolve`]) and, over a whole vault, each
//! note's outgoing links, its backlinks and the links that name no note ([`graph`]).
//! [`crate::related`] ranks the topics to revise together from it.

pub mod graph;
pub mod resolve;

pub use graph::{Edge, GraphNote, LinkAt, LinkGraph, NoteId};
pub use resolve::{NoteName, Resolver};
