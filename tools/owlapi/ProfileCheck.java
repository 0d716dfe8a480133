// Checks an ontology file the way Protégé would read it: with the OWL API, against the OWL 2 DL
// profile, and reports triples the parser could not turn into axioms. Exit 0 when clean, 1 otherwise.
import java.io.File;
import java.util.Set;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.formats.RDFDocumentFormat;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        int problems = 0;
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        if (format instanceof RDFDocumentFormat) {
            var meta = ((RDFDocumentFormat) format).getOntologyLoaderMetaData();
            if (meta.isPresent()) {
                Set<RDFTriple> unparsed = meta.get().getUnparsedTriples().collect(java.util.stream.Collectors.toSet());
                for (RDFTriple triple : unparsed) {
                    System.out.println("unparsed triple: " + triple);
                    problems++;
                }
            }
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println("OWL 2 DL violation: " + violation);
            problems++;
        }
        System.out.println("axioms " + ontology.getAxiomCount() + ", problems " + problems);
        System.exit(problems == 0 ? 0 : 1);
    }
}
