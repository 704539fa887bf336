package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image build finds the checkout by what it holds, wherever the distribution lies in it. */
class CheckoutTest {
    @TempDir
    Path work;

    @Test
    void theNearestDirectoryWithThePomTheMavenWrapperAndTheContainerfileIsTheCheckout() throws IOException {
        Path checkout = checkout(work.resolve("repo"));
        Path distribution = Files.createDirectories(checkout.resolve("some/deeper/module/target"));

        assertThat(Checkout.above(distribution)).contains(checkout);
        assertThat(Checkout.above(checkout)).contains(checkout);
        assertThat(Checkout.above(distribution.resolve("opentwin-cli.jar")))
                .as("a file inside")
                .contains(checkout);
    }

    @Test
    void aModuleWithAPomOfItsOwnIsNotTheCheckout() throws IOException {
        Path checkout = checkout(work.resolve("repo"));
        Path module = Files.createDirectories(checkout.resolve("clients/cli"));
        Files.writeString(module.resolve("pom.xml"), "<project/>");

        assertThat(Checkout.above(module.resolve("target"))).contains(checkout);
    }

    @Test
    void outsideACheckoutThereIsNone() throws IOException {
        Path lonely = Files.createDirectories(work.resolve("elsewhere/target"));
        Files.writeString(work.resolve("elsewhere/pom.xml"), "<project/>");

        assertThat(Checkout.above(lonely)).isEmpty();
    }

    private static Path checkout(Path root) throws IOException {
        Files.createDirectories(root.resolve(".mvn"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("deploy/containers"));
        Files.writeString(root.resolve(Checkout.CONTAINERFILE), "FROM scratch AS service\n");
        return root;
    }
}
