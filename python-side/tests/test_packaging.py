"""One version everywhere (POMs, BOM, Python package, `mpbridge --version`, the README's coordinates) and a BOM that
lists every module."""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import mpbridge
from mpbridge.java import cli_path

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def pom(path):
    return ET.parse(os.path.join(REPO, path)).getroot()


def root_version():
    return pom("pom.xml").find("m:version", NS).text


def python_spelling(maven):
    """0.1.0-SNAPSHOT -> 0.1.0.dev0; 0.1.0 -> 0.1.0; 0.2.0-rc1 -> 0.2.0rc1 (PEP 440)."""
    if maven.endswith("-SNAPSHOT"):
        return maven[:-len("-SNAPSHOT")] + ".dev0"
    return maven.replace("-", "")


def modules():
    return [m.text for m in pom("pom.xml").find("m:modules", NS)]


def test_every_pom_has_the_root_version():
    version = root_version()
    for module in modules():
        p = pom(os.path.join(module, "pom.xml"))
        own = p.find("m:version", NS)
        parent = p.find("m:parent/m:version", NS)
        assert (own.text if own is not None else parent.text) == version, module


def test_the_python_package_has_the_pom_version():
    assert mpbridge.__version__ == python_spelling(root_version())


def test_the_cli_prints_the_pom_version():
    out = subprocess.run([cli_path(), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "mpbridge " + root_version()


def test_the_bom_lists_every_module():
    bom = pom("java-side/bom/pom.xml")
    listed = {d.find("m:artifactId", NS).text for d in bom.iterfind("m:dependencyManagement/m:dependencies/m:dependency", NS)}
    for module in modules():
        p = pom(os.path.join(module, "pom.xml"))
        if p.find("m:packaging", NS) is not None and p.find("m:packaging", NS).text == "pom":
            continue
        artifact = p.find("m:artifactId", NS).text
        assert artifact in listed, "add <dependency> %s to java-side/bom/pom.xml (one line)" % artifact


def test_the_readme_shows_the_real_coordinates():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    version = root_version()
    assert "<groupId>org.mpbridge</groupId>" in readme and "<artifactId>mpbridge-bom</artifactId>" in readme
    assert re.findall(r"<version>([^<]+)</version>", readme) and set(re.findall(r"<version>([^<]+)</version>", readme)) == {version}
    assert 'platform("org.mpbridge:mpbridge-bom:%s")' % version in readme
    assert "mpbridge-%s-py3-none-any.whl" % python_spelling(version) in readme


def test_no_doc_points_outside_the_repository():
    for folder, _, files in os.walk(REPO):
        if any(part in folder for part in (".venv", "build", "target", ".git", "node_modules")):
            continue
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    text = f.read()
                assert "../shared" not in text and "shared/spec" not in text, os.path.join(folder, name)
