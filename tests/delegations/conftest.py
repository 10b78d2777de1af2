from pathlib import Path

import pytest

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory, SummitFactory

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def summit(db):
    return SummitFactory(slug="tacoma-2024", title_en="6th China–US Sister Cities Summit")


@pytest.fixture
def data_file():
    """The bytes of a file in tests/data."""
    return lambda name: (DATA / name).read_bytes()


@pytest.fixture
def import_bytes(summit):
    """Import a file's bytes through the resource, as the admin and the command do."""

    def run(data: bytes, *, dry_run: bool = False, into=None):
        dataset = AttendeeSheet().create_dataset(data)
        return DelegateResource(summit=into or summit).import_data(dataset, dry_run=dry_run).report

    return run


@pytest.fixture
def snapshot(db):
    """Everything an import may touch, to prove that a refused one changed nothing."""

    def rows(model):
        columns = [field.attname for field in model._meta.concrete_fields]
        return list(model.objects.order_by("pk").values_list(*columns))

    def take():
        return rows(Delegate), rows(Delegation), rows(Locality)

    return take


@pytest.fixture
def tacoma(summit):
    """The same summit under the name the desk, badge and dashboard tests use
    (test_agenda has a future one of its own)."""
    return summit


@pytest.fixture
def fujian(tacoma):
    return DelegationFactory(
        summit=tacoma,
        name_en="Fujian Provincial Delegation",
        name_zh_hans="福建省代表团",
        locality=LocalityFactory(country="CN", region_en="Fujian"),
    )


@pytest.fixture
def wang(fujian):
    """A confirmed delegate of the Fujian delegation, with a name in two scripts."""
    return DelegateFactory(
        delegation=fujian,
        full_name_en="Wang Xiaoming",
        full_name_zh_hans="王晓明",
        email="wang@fuzhou.example.cn",
        organisation="Fuzhou Foreign Affairs Office",
        status=Delegate.Status.CONFIRMED,
    )
