"""The bid journey (issue 19): a provider starts, writes, checks and submits a bid; office
staff see counts until the round closes, then the submitted bids. Models in `models.py`
(registered through `commissioning.models`), rules in `services.py`, reads in `selectors.py`."""
