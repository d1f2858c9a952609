package org.convnetij.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary result files get the permissions any other program's files get (the umask), not 0600. */
class TempPathsTest {

	@TempDir
	Path tmp;

	@Test
	void filesAndFoldersGetTheUsersNormalPermissions() throws Exception {
		final Set<PosixFilePermission> normalFile = Files.getPosixFilePermissions(Files.createFile(tmp.resolve(
			"plain.txt")));
		final Set<PosixFilePermission> normalFolder = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve(
			"plain")));
		final Path file = TempPaths.newFile(tmp, ".result", ".part");
		final Path folder = TempPaths.newFolder(tmp, ".model.tmp");
		assertTrue(Files.isRegularFile(file) && Files.isDirectory(folder));
		assertEquals(normalFile, Files.getPosixFilePermissions(file));
		assertEquals(normalFolder, Files.getPosixFilePermissions(folder));
		assertNotEquals(TempPaths.newFile(tmp, ".result", ".part"), file, "a second file gets another name");
	}
}
