"""A round's questions and assessment criteria (issue 18): the builder, the preview, copying
and freezing. Models in `models.py` (registered through `commissioning.models`), rules in
`services.py`, the bid form a provider fills in built by `forms.bid_section_form`."""
